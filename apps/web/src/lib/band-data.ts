import type { BandPoint } from "@minima/metrics";

/** One curve of a figure: its label and its min/mean/max over seeds per x. */
export interface NamedBand {
  label: string;
  band: readonly BandPoint[];
}

/** Column-oriented data for a band chart: one shared x, and per curve its min, mean and max. */
export interface BandData {
  x: number[];
  curves: { label: string; min: (number | null)[]; mean: (number | null)[]; max: (number | null)[]; n: (number | null)[] }[];
}

/**
 * Lays curves out on the union of their x values (sorted), so uPlot gets one x column; a curve
 * with no point at some x has null there (drawn as a gap bridged by the line).
 */
export function bandData(curves: readonly NamedBand[]): BandData {
  const x = [...new Set(curves.flatMap((c) => c.band.map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(x.map((value, i) => [value, i]));
  return {
    x,
    curves: curves.map(({ label, band }) => {
      const column = () => x.map((): number | null => null);
      const out = { label, min: column(), mean: column(), max: column(), n: column() };
      for (const p of band) {
        const i = index.get(p.x)!;
        out.min[i] = p.min;
        out.mean[i] = p.mean;
        out.max[i] = p.max;
        out.n[i] = p.n;
      }
      return out;
    }),
  };
}

/**
 * Where curve i's columns sit in uPlot's data ([x, min₀, mean₀, max₀, min₁, …]) and the band
 * between its max (upper edge) and min (lower edge), as uPlot's `bands` wants them.
 */
export function bandColumns(curve: number): { min: number; mean: number; max: number; band: [number, number] } {
  const min = 1 + 3 * curve;
  return { min, mean: min + 1, max: min + 2, band: [min + 2, min] };
}

/** The data array uPlot draws: x, then each curve's min, mean and max. */
export function alignedBandData(data: BandData): (number | null)[][] {
  return [data.x, ...data.curves.flatMap((c) => [c.min, c.mean, c.max])];
}
