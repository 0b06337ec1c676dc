import type { MetricRow } from "./metric-point.ts";

/**
 * A batch of one run's metric rows in columns: what `runs.onMetrics` streams. Each row's phase
 * and name are an index into `series`, so a batch of a thousand `step_loss` points names it once.
 * As JSON a point is about a third of the bytes of a `MetricRow`, and serializing and parsing it
 * takes about a third of the time (bench:api), which is what a daemon with a hundred watchers
 * of a fast run spends its time on.
 */
export interface MetricColumns {
  runId: string;
  /** The distinct (phase, name) pairs of the batch, in order of first appearance. */
  series: { phase: string; name: string }[];
  /** Per row: its index into `series`. */
  seriesOf: number[];
  id: number[];
  epoch: number[];
  step: number[];
  value: number[];
  time: number[];
}

/** The columns of `rows`, which must all belong to `runId`. */
export function toColumns(runId: string, rows: readonly MetricRow[]): MetricColumns {
  const columns: MetricColumns = { runId, series: [], seriesOf: [], id: [], epoch: [], step: [], value: [], time: [] };
  const indexOf = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.phase}\u0000${row.name}`;
    let index = indexOf.get(key);
    if (index === undefined) {
      index = columns.series.push({ phase: row.phase, name: row.name }) - 1;
      indexOf.set(key, index);
    }
    columns.seriesOf.push(index);
    columns.id.push(row.id);
    columns.epoch.push(row.epoch);
    columns.step.push(row.step);
    columns.value.push(row.value);
    columns.time.push(row.time);
  }
  return columns;
}

/** The rows of a batch, in its order. */
export function fromColumns(columns: MetricColumns): MetricRow[] {
  return columns.id.map((id, i) => {
    const { phase, name } = columns.series[columns.seriesOf[i]!]!;
    return { id, runId: columns.runId, phase, name, epoch: columns.epoch[i]!, step: columns.step[i]!, value: columns.value[i]!, time: columns.time[i]! };
  });
}
