import type { MeasuredStats } from "./aggregate.ts";
import { MetricsError } from "./metrics-error.ts";
import { addMeasure, toCell, type SeedMeasure, type SeedValues } from "./table-cell.ts";

/** One point of one seed's curve: x is R (Figure 4), the norm's checkpoint (5) or ε (6). */
export interface SeedPoint {
  x: number;
  seed: number;
  value: number;
  runId?: string;
}

/** The seeds at one x: the figures draw min–max as a band around the mean. */
export interface BandPoint extends MeasuredStats {
  x: number;
  runIds: string[];
}

/**
 * Per x, the min/mean/max over seeds (Figures 4–6: "min/max/mean in figures", reference-spec §6),
 * sorted by x. A later point of the same seed and x replaces the earlier one.
 */
export function seriesBand(points: Iterable<SeedPoint>, options: { expectedSeeds?: number } = {}): BandPoint[] {
  const byX = new Map<number, SeedValues>();
  for (const p of points) {
    if (!Number.isFinite(p.x)) throw new MetricsError(`Series point of seed ${p.seed} has x = ${p.x}; x must be a finite number.`);
    let cell = byX.get(p.x);
    if (!cell) byX.set(p.x, (cell = new Map<number, SeedMeasure>()));
    addMeasure(cell, p, () => `Series point at x = ${p.x}`);
  }
  return [...byX]
    .sort((a, b) => a[0] - b[0])
    .map(([x, cell]) => {
      const { stats, runIds } = toCell(cell, null, options.expectedSeeds ?? 0);
      // Every x in the map holds at least one seed, so its stats are never empty.
      return { x, ...(stats as MeasuredStats), runIds };
    });
}
