import { niceTicks, normTickLabel } from "./norm-plot.ts";

/**
 * The smallest and largest value a log axis draws. A loss can reach 1e-62 (Figure 1's run (d))
 * and below; past ±1e300 a decade's power of ten is no longer a normal double (10^-324 is 0),
 * so values beyond are drawn at the edge rather than breaking the scale.
 */
export const LOG_FLOOR = 1e-300;
export const LOG_CEILING = 1e300;

/** A series as a log axis draws it: values ≤ 0 (and NaN, ±∞) have no place there and become gaps. */
export function forLogScale(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && v > 0 && Number.isFinite(v) ? Math.min(LOG_CEILING, Math.max(LOG_FLOOR, v)) : null));
}

const decade = (exponent: number) => Number(`1e${exponent}`);
const exponents = (min: number, max: number) => [Math.floor(Math.log10(min)), Math.ceil(Math.log10(max))] as const;
const usable = (min: number | null, max: number | null): min is number =>
  min !== null && max !== null && min > 0 && max >= min && Number.isFinite(min) && Number.isFinite(max);

/**
 * The y range of a log axis: whole decades around the data (one decade each side of a single
 * value), so the ticks below land on its ends. Without positive data, 1 to 10.
 */
export function logRange(min: number | null, max: number | null): [number, number] {
  if (!usable(min, max)) return [1, 10];
  let [lo, hi] = exponents(Math.max(LOG_FLOOR, min), Math.min(LOG_CEILING, max!));
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  return [decade(lo), decade(hi)];
}

/**
 * Ticks at powers of ten between `min` and `max`, every decade, or every 2, 5, 10, 20, …
 * decades so that at most about `maxTicks` are drawn. Computed here rather than by uPlot: its
 * log splits never end for a range reaching below about 1e-25 (docs/upstream/uplot-log-axis.md).
 */
export function logSplits(min: number, max: number, maxTicks: number): number[] {
  if (!usable(min, max)) return [];
  const [lo, hi] = exponents(Math.max(LOG_FLOOR, min), Math.min(LOG_CEILING, max));
  const steps = Math.max(1, Math.floor(maxTicks) - 1);
  // niceTicks steps by 1, 2 or 5 × 10^k; below one decade apart it would put ticks between decades.
  const picked = hi - lo <= steps ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) : niceTicks(lo, hi, steps).filter(Number.isInteger);
  return picked.filter((e) => e >= lo && e <= hi).map(decade);
}

/** A log tick's label: 0.01 to 1000 as numbers, beyond as 10⁻⁶². */
export function logTickLabel(value: number): string {
  const exponent = Math.round(Math.log10(value));
  return Math.abs(exponent) <= 3 ? String(value) : normTickLabel(exponent, true);
}
