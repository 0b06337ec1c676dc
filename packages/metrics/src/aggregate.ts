import { MetricsError } from "./metrics-error.ts";

/** What the seeds of one cell give. `missing` = expected seeds that did not report. */
export interface MeasuredStats {
  mean: number;
  /** Population std (ddof = 0), numpy's default: the authors aggregated with numpy. */
  std: number;
  min: number;
  max: number;
  n: number;
  missing: number;
}

/** A cell that no seed has reported yet: no mean to show, only how many are missing. */
export interface EmptyStats {
  mean: null;
  std: null;
  min: null;
  max: null;
  n: 0;
  missing: number;
}

export type SeedStats = MeasuredStats | EmptyStats;

/**
 * Mean ± std over seeds, as the paper reports "mean ± std over 5 runs". The std is the
 * population std (divide by n, numpy's `np.std` default), not the sample std (n − 1): for 5
 * seeds the sample std is √(5/4) ≈ 1.118× larger. When fewer than `expected` seeds finished,
 * `missing` says how many, so a cell never silently averages fewer runs than it claims.
 */
export function aggregate(values: readonly number[], expected?: number): SeedStats {
  const n = values.length;
  const missing = expected === undefined ? 0 : Math.max(0, expected - n);
  if (n === 0) return { mean: null, std: null, min: null, max: null, n: 0, missing };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new MetricsError(`Value ${i} is ${v}; a seed that diverged must be reported as failed, not averaged.`);
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  // Two passes: Σ(v − mean)² keeps the std exact when it is tiny next to the mean (100.000 ± 0.001).
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n), min, max, n, missing };
}
