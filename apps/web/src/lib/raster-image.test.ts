import assert from "node:assert/strict";
import { test } from "node:test";
import { FIGURE1_PLANE, type DecisionRaster } from "@minima/metrics";
import { planeToPixel, rasterToRgba } from "./raster-image.ts";

const pixel = (rgba: Uint8ClampedArray, width: number, x: number, y: number) =>
  [...rgba.slice((y * width + x) * 4, (y * width + x) * 4 + 4)];

void test("row 0 of the raster (y = yMin) becomes the bottom row of the image", () => {
  // 2 × 2: bottom row class 0 (blue), top row class 1 (pink).
  const raster: DecisionRaster = { width: 2, height: 2, ...FIGURE1_PLANE, values: [0, 0, 1, 1] };
  const rgba = rasterToRgba(raster);
  assert.deepEqual(pixel(rgba, 2, 0, 0), [255, 186, 197, 255]);
  assert.deepEqual(pixel(rgba, 2, 1, 0), [255, 186, 197, 255]);
  assert.deepEqual(pixel(rgba, 2, 0, 1), [135, 210, 255, 255]);
});

void test("columns keep their order: x grows to the right", () => {
  const raster: DecisionRaster = { width: 3, height: 1, ...FIGURE1_PLANE, values: [0, 0.5, 1] };
  const rgba = rasterToRgba(raster);
  assert.deepEqual(pixel(rgba, 3, 0, 0), [135, 210, 255, 255]);
  assert.deepEqual(pixel(rgba, 3, 1, 0), [255, 255, 255, 255]);
  assert.deepEqual(pixel(rgba, 3, 2, 0), [255, 186, 197, 255]);
});

void test("a raster whose values do not fill the grid is rejected", () => {
  const raster: DecisionRaster = { width: 3, height: 2, ...FIGURE1_PLANE, values: [0, 1] };
  assert.throws(() => rasterToRgba(raster), /expected width × height = 3 × 2/);
});

void test("planeToPixel puts the plane's corners on the canvas corners, y up", () => {
  const size = { width: 305, height: 200 };
  assert.deepEqual(planeToPixel(FIGURE1_PLANE, size, FIGURE1_PLANE.xMin, FIGURE1_PLANE.yMax), { px: 0, py: 0 });
  const bottomRight = planeToPixel(FIGURE1_PLANE, size, FIGURE1_PLANE.xMax, FIGURE1_PLANE.yMin);
  assert.ok(Math.abs(bottomRight.px - 305) < 1e-9 && Math.abs(bottomRight.py - 200) < 1e-9);
  const origin = planeToPixel(FIGURE1_PLANE, size, 0, 0);
  assert.ok(Math.abs(origin.px - 125) < 1e-9 && Math.abs(origin.py - 125) < 1e-9);
});
