import { toSeries, type MetricPoint } from "@minima/metrics";

const BARS = "▁▂▃▄▅▆▇█";

/**
 * One character per value, scaled to [lo, hi]; more values than `width` are sampled evenly,
 * the last always kept, so the sparkline ends at the newest epoch.
 */
export function sparkline(values: readonly number[], width: number, lo: number, hi: number): string {
  const shown =
    values.length <= width ? values : Array.from({ length: width }, (_, i) => values[Math.round((i * (values.length - 1)) / (width - 1))]!);
  return shown
    .map((v) => {
      const level = hi > lo ? Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (BARS.length - 1)) : 0;
      return Number.isFinite(v) ? BARS[level]! : " ";
    })
    .join("");
}

export function progressBar(done: number, total: number, width: number): string {
  const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const full = Math.round(share * width);
  return `[${"█".repeat(full)}${"░".repeat(width - full)}] ${done}/${total} epochs ${Math.round(share * 100)}%`;
}

export interface WatchState {
  runId: string;
  title: string;
  status: string;
  epoch: number;
  epochs: number;
  points: readonly MetricPoint[];
}

const CURVES = ["train_acc", "test_acc"] as const;

/** The lines `minima watch` draws: the run, its progress, and a sparkline per accuracy curve. */
export function renderWatch(state: WatchState, columns = 80): string[] {
  const series = toSeries(state.points);
  const lastPhase = state.points.at(-1)?.phase;
  const curves = CURVES.map((name) => series.find((s) => s.name === name && s.phase === lastPhase) ?? series.find((s) => s.name === name));
  const values = curves.flatMap((c) => c?.y ?? []);
  // Accuracies come as fractions or as percentages; the scale follows what the run reports.
  const hi = values.some((v) => v > 1) ? 100 : 1;
  const width = Math.max(10, columns - 22);
  const lines = [
    `run ${state.runId.slice(0, 8)}  ${state.title} — ${state.status}`,
    progressBar(state.epoch, state.epochs, Math.max(10, Math.min(40, columns - 30))),
  ];
  curves.forEach((curve, i) => {
    const name = CURVES[i]!.padEnd(9);
    if (!curve || curve.y.length === 0) lines.push(`${name}  (no points yet)`);
    else lines.push(`${name}  ${sparkline(curve.y, width, 0, hi)} ${formatValue(curve.y.at(-1)!, hi)}`);
  });
  if (lastPhase) lines.push(`phase ${lastPhase}, epoch ${Math.max(...(curves.find(Boolean)?.x ?? [0]))}; scale 0–${hi === 100 ? "100%" : "1"}`);
  return lines;
}

function formatValue(v: number, hi: number): string {
  return hi === 100 ? `${v.toFixed(2)}%` : v.toFixed(4);
}
