import { CHECKPOINTS, type Checkpoint, type SeedStats } from "@minima/metrics";

/** Figure 5's norms; the daemon stores path norms as log10 (a ResNet50's overflow float64). */
export const NORM_TITLES: Record<string, string> = {
  frobenius: "Frobenius norm",
  "log10-l1-path": "ℓ1-path norm (log scale)",
  "log10-l2-path": "ℓ2-path norm (log scale)",
};

export const isLogNorm = (kind: string) => kind.startsWith("log10-");

/** One checkpoint's dot and whisker: the mean over seeds, min and max. */
export interface NormPoint {
  checkpoint: Checkpoint;
  init: "random" | "adversarial";
  mean: number;
  min: number;
  max: number;
  n: number;
  missing: number;
}

export interface NormPanel {
  points: NormPoint[];
  /** The y range drawn, padded so whiskers do not touch the frame, and its ticks. */
  lo: number;
  hi: number;
  ticks: number[];
}

/** Ticks at 1, 2 or 5 × 10^k steps covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * A panel of Figure 5 for one norm: the measured checkpoints in the paper's order (random init
 * first, then adversarial), and a y range that holds every whisker. Null when nothing is measured.
 */
export function normPanel(stats: Record<Checkpoint, SeedStats>): NormPanel | null {
  const points: NormPoint[] = [];
  for (const checkpoint of CHECKPOINTS) {
    const s = stats[checkpoint];
    if (s.mean === null) continue;
    points.push({ checkpoint, init: checkpoint.endsWith("R") ? "random" : "adversarial", mean: s.mean, min: s.min, max: s.max, n: s.n, missing: s.missing });
  }
  if (points.length === 0) return null;
  let lo = Math.min(...points.map((p) => p.min));
  let hi = Math.max(...points.map((p) => p.max));
  const pad = hi > lo ? (hi - lo) * 0.1 : Math.max(Math.abs(hi) * 0.1, 1);
  lo -= pad;
  hi += pad;
  return { points, lo, hi, ticks: niceTicks(lo, hi) };
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** A tick label: on a log10 axis "10¹²" at powers of ten and the value between them, otherwise the number. */
export function normTickLabel(value: number, log: boolean): string {
  if (!log) return Math.abs(value) >= 1e5 ? value.toExponential(1) : String(Number(value.toPrecision(6)));
  if (Number.isInteger(value)) {
    const digits = String(Math.abs(value)).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!);
    return `10${value < 0 ? "⁻" : ""}${digits}`;
  }
  // Within a decade (a small model's path norms) the value itself reads better than 10^3.85.
  const plain = 10 ** value;
  return plain >= 1e5 || plain < 1e-3 ? plain.toExponential(2) : String(Number(plain.toPrecision(3)));
}
