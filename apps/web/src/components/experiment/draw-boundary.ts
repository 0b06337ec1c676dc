import type { DecisionRaster, LabelledPoint } from "@minima/metrics";
import { planeToPixel, rasterToRgba } from "../../lib/raster-image.ts";

// matplotlib's 'b' and 'r', the colours the paper's plot used for labels 0 and 1.
const POINT_FILL = { 0: "#0000ff", 1: "#ff0000" } as const;
const POINT_RADIUS = 3.5;

/**
 * Paints a panel: the raster scaled to the canvas (x right, y up), then the points as
 * circles on top. The raster is painted at its own resolution first and scaled by drawImage.
 */
export function drawBoundary(canvas: HTMLCanvasElement, raster: DecisionRaster, points: readonly LabelledPoint[]): void {
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot draw on a 2-D canvas.");
  const image = document.createElement("canvas");
  image.width = raster.width;
  image.height = raster.height;
  image.getContext("2d")!.putImageData(new ImageData(rasterToRgba(raster), raster.width, raster.height), 0, 0);

  const size = { width: canvas.width, height: canvas.height };
  context.clearRect(0, 0, size.width, size.height);
  context.imageSmoothingEnabled = true;
  context.drawImage(image, 0, 0, size.width, size.height);

  context.lineWidth = 1;
  context.strokeStyle = "rgba(0, 0, 0, 0.6)";
  for (const point of points) {
    const { px, py } = planeToPixel(raster, size, point.x, point.y);
    context.beginPath();
    context.arc(px, py, POINT_RADIUS, 0, 2 * Math.PI);
    context.fillStyle = POINT_FILL[point.label];
    context.fill();
    context.stroke();
  }
}
