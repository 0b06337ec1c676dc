/** The heaviest smoothing offered: at 0.99 a point weighs 1% of what comes after it. */
export const MAX_SMOOTHING = 0.99;

/** A smoothing weight as the control and the URL take it: a number in [0, 0.99], else 0. */
export function clampSmoothing(weight: number): number {
  return Number.isFinite(weight) ? Math.min(MAX_SMOOTHING, Math.max(0, Math.round(weight * 100) / 100)) : 0;
}

/**
 * An exponential moving average as TensorBoard and W&B draw it: each point is `weight` of the
 * average so far and `1 - weight` of its own value, divided by `1 - weight^n` (debiased), so the
 * curve starts at the first value instead of climbing from 0. A gap (null, NaN, ±∞) stays a gap
 * and does not move the average.
 */
export function smoothEma(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = clampSmoothing(weight);
  if (w === 0) return [...values];
  let average = 0;
  let seen = 0;
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return value;
    average = average * w + (1 - w) * value;
    seen += 1;
    return average / (1 - w ** seen);
  });
}
