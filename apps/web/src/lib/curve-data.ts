import { toSeries, type MetricPoint } from "@minima/metrics";

/** The curves the run page draws, in the order uPlot receives them. */
export const CURVE_METRICS = ["train_acc", "test_acc", "train_loss", "test_loss"] as const;
export type CurveMetric = (typeof CURVE_METRICS)[number];

/** Column-oriented curve data: one x (epoch) per index; a metric not measured there is null. */
export interface CurveData {
  epochs: number[];
  values: Record<CurveMetric, (number | null)[]>;
  /** Where each phase starts on the epoch axis (a run with one phase has one entry at 0). */
  phases: { phase: string; offset: number }[];
}

/**
 * Lays a run's metric points out for a chart. Epochs count within a phase, so phases are
 * placed one after the other on the x axis in the order they ran (first point seen first).
 */
export function curveData(points: readonly MetricPoint[]): CurveData {
  const series = toSeries(points).filter((s) => (CURVE_METRICS as readonly string[]).includes(s.name));
  const phaseOrder = [...new Set(points.map((p) => p.phase))];
  const phases: CurveData["phases"] = [];
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const phase of phaseOrder) {
    const last = Math.max(0, ...series.filter((s) => s.phase === phase).flatMap((s) => s.x));
    if (last === 0) continue;
    phases.push({ phase, offset });
    offsets.set(phase, offset);
    offset += last;
  }

  const epochs = [...new Set(series.flatMap((s) => s.x.map((x) => x + offsets.get(s.phase)!)))].sort((a, b) => a - b);
  const index = new Map(epochs.map((epoch, i) => [epoch, i]));
  const values = Object.fromEntries(CURVE_METRICS.map((name) => [name, epochs.map(() => null)])) as CurveData["values"];
  for (const s of series) {
    const column = values[s.name as CurveMetric];
    const shift = offsets.get(s.phase)!;
    s.x.forEach((x, i) => (column[index.get(x + shift)!] = s.y[i]!));
  }
  return { epochs, values, phases };
}
