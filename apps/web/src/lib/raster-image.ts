import type { DecisionRaster } from "@minima/metrics";
import { boundaryColorBytes } from "./colormap.ts";

/** The rectangle of the input plane a panel shows. */
export type Plane = Pick<DecisionRaster, "xMin" | "xMax" | "yMin" | "yMax">;

/**
 * The raster as RGBA pixels, un-transposed: x runs left to right and y runs bottom to top,
 * so the raster's row 0 (y = yMin) becomes the image's bottom row. (The paper's plot passed
 * the grid to `imshow` transposed, which turns the picture by a quarter; we do not.)
 */
export function rasterToRgba(raster: DecisionRaster, gamma = 1): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, values } = raster;
  if (values.length !== width * height) {
    throw new Error(`Raster has ${values.length} values, expected width × height = ${width} × ${height}.`);
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const imageRow = height - 1 - row;
    for (let col = 0; col < width; col++) {
      const [r, g, b] = boundaryColorBytes(values[row * width + col]!, gamma);
      const o = (imageRow * width + col) * 4;
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

/** Where the plane point (x, y) lands on a canvas of the given size, y up. */
export function planeToPixel(plane: Plane, size: { width: number; height: number }, x: number, y: number) {
  return {
    px: ((x - plane.xMin) / (plane.xMax - plane.xMin)) * size.width,
    py: ((plane.yMax - y) / (plane.yMax - plane.yMin)) * size.height,
  };
}
