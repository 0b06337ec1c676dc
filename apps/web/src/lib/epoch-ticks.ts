/**
 * Ticks on an epoch axis: whole epochs only, 1, 2 or 5 × 10^k apart. `spacing` is the step
 * uPlot found for the axis's width (0.25 when zoomed into a few epochs); the tick step is the
 * first whole one at least as wide, so zooming never labels half an epoch.
 */
export function epochSplits(min: number, max: number, spacing: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const step = wholeStep(spacing);
  const ticks: number[] = [];
  for (let epoch = Math.ceil(min / step) * step; epoch <= max; epoch += step) ticks.push(epoch);
  return ticks;
}

function wholeStep(spacing: number): number {
  if (!(spacing > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(spacing));
  return [1, 2, 5, 10].map((m) => Math.round(m * power)).find((s) => s >= spacing)!;
}
