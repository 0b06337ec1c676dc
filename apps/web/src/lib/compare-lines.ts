import { xValues, type RunTimeline, type XAxis } from "./curve-axis.ts";
import { experimentLabel } from "./format.ts";
import { smoothEma } from "./smoothing.ts";

/** A compared run as the charts need it: its label and what places its points. */
export interface ComparedRun extends RunTimeline {
  id: string;
  label: string;
  /** Its place among the runs chosen (its colour), if not its place in the list given. */
  index?: number;
}

/** What a legend calls a compared run: its name if it has one, else its short id and key with its experiment. */
export function compareRunLabel(run: { id: string; key: string; name: string | null; experimentTitle: string; experimentName: string | null }): string {
  return run.name ?? `${run.id.slice(0, 8)} (${run.key}) · ${experimentLabel({ title: run.experimentTitle, name: run.experimentName })}`;
}

export type Split = "train" | "test";

/** A metric name split into its split and what it measures: `test_acc` → test, acc; `lr` → no split. */
export function splitMetric(name: string): { split: Split | null; metric: string } {
  const match = /^(train|test)_(.+)$/.exec(name);
  return match ? { split: match[1] as Split, metric: match[2]! } : { split: null, metric: name };
}

const METRIC_LABELS: Record<string, string> = { acc: "accuracy", loss: "loss", lr: "learning rate" };
export const metricLabel = (metric: string) => METRIC_LABELS[metric] ?? metric.replaceAll("_", " ");

/** The metrics the runs measured (split or not), accuracy and loss first, then by name. */
export function metricsOf(runs: readonly ComparedRun[]): string[] {
  const found = new Set(runs.flatMap((r) => r.series.map((s) => splitMetric(s.name).metric)));
  const first = ["acc", "loss"].filter((m) => found.has(m));
  return [...first, ...[...found].filter((m) => !first.includes(m)).sort()];
}

/** One line of a chart: one metric of one split of one run. */
export interface CompareLine {
  runId: string;
  /** The run's place among those compared (its colour). */
  runIndex: number;
  split: Split | null;
  label: string;
  x: number[];
  /** The values smoothed (as given when the smoothing is 0). */
  y: (number | null)[];
  /** The values as measured. */
  raw: (number | null)[];
}

/**
 * A metric's lines, one per run and split (test before train), on `axis` and smoothed by `weight`.
 * A run's phases measuring the same name make one line that runs on across them.
 */
export function metricLines(runs: readonly ComparedRun[], metric: string, axis: XAxis, weight: number): CompareLine[] {
  return runs.flatMap((run, position) => {
    const runIndex = run.index ?? position;
    const xs = xValues(run, axis);
    const names = [...new Set(run.series.map((s) => s.name))].filter((name) => splitMetric(name).metric === metric);
    const order = (name: string) => ["test", null, "train"].indexOf(splitMetric(name).split);
    return names
      .sort((a, b) => order(a) - order(b))
      .map((name) => {
        const points = run.series.flatMap((s, i) => (s.name === name ? s.value.map((v, j) => [xs[i]![j]!, v] as const) : [])).sort((a, b) => a[0] - b[0]);
        const { split } = splitMetric(name);
        return {
          runId: run.id,
          runIndex,
          split,
          label: `${run.label} · ${split ? `${split} ` : ""}${metricLabel(metric)}`,
          x: points.map(([x]) => x),
          y: smoothEma(points.map(([, y]) => y), weight),
          raw: points.map(([, y]) => y),
        };
      });
  });
}

/** Lines on one x axis, as uPlot takes them: the union of their x values, a line's gaps null. */
export function alignLines(lines: readonly Pick<CompareLine, "x" | "y">[]): { x: number[]; values: (number | null)[][] } {
  const x = [...new Set(lines.flatMap((l) => l.x))].sort((a, b) => a - b);
  const index = new Map(x.map((v, i) => [v, i]));
  const values = lines.map((line) => {
    const column: (number | null)[] = x.map(() => null);
    line.x.forEach((v, i) => (column[index.get(v)!] = line.y[i] ?? null));
    return column;
  });
  return { x, values };
}
