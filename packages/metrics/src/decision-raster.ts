/**
 * A model's output sampled on a regular grid over a 2-D input plane (Figure 1's panels).
 * values[row * width + col] is the output at x = xMin + col·dx, y = yMin + row·dy, row 0 at yMin.
 */
export interface DecisionRaster {
  width: number;
  height: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  values: number[];
}

/** A labelled 2-D point drawn over a raster. */
export interface LabelledPoint {
  x: number;
  y: number;
  label: 0 | 1;
}

/** The grid Figure 1 is drawn on (reference-spec §Toy: x ∈ [−1.25, 1.8], y ∈ [−0.75, 1.25]). */
export const FIGURE1_PLANE = { xMin: -1.25, xMax: 1.8, yMin: -0.75, yMax: 1.25 } as const;

export function rasterGrid(raster: Pick<DecisionRaster, "width" | "height" | "xMin" | "xMax" | "yMin" | "yMax">) {
  const dx = raster.width > 1 ? (raster.xMax - raster.xMin) / (raster.width - 1) : 0;
  const dy = raster.height > 1 ? (raster.yMax - raster.yMin) / (raster.height - 1) : 0;
  return { dx, dy };
}

/** Fraction of raster cells where the output is above 0.5 (class 1). */
export function positiveFraction(raster: DecisionRaster): number {
  if (raster.values.length === 0) return 0;
  return raster.values.filter((v) => v > 0.5).length / raster.values.length;
}
