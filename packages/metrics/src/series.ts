import type { MetricPoint } from "./metric-point.ts";

/** One named curve of a run: x is the epoch, counted across phases in the order they ran. */
export interface Series {
  name: string;
  phase: string;
  x: number[];
  y: number[];
}

/**
 * Groups metric points into one series per (phase, name), ordered by epoch. A later point for
 * the same (phase, epoch, name) replaces an earlier one, so a resumed run never draws twice.
 */
export function toSeries(points: readonly MetricPoint[]): Series[] {
  const byKey = new Map<string, Map<number, number>>();
  for (const p of points) {
    const key = `${p.phase}\u0000${p.name}`;
    let epochs = byKey.get(key);
    if (!epochs) byKey.set(key, (epochs = new Map<number, number>()));
    epochs.set(p.epoch, p.value);
  }
  return [...byKey].map(([key, epochs]) => {
    const [phase = "", name = ""] = key.split("\u0000");
    const sorted = [...epochs].sort((a, b) => a[0] - b[0]);
    return { phase, name, x: sorted.map(([e]) => e), y: sorted.map(([, v]) => v) };
  });
}
