import assert from "node:assert/strict";
import { test } from "node:test";
import { seriesBand } from "@minima/metrics";
import { alignedBandData, bandColumns, bandData } from "./band-data.ts";

void test("curves share the union of their x values, with gaps where a curve has no point", () => {
  const data = bandData([
    { label: "WVR", band: seriesBand([{ x: 0, seed: 1, value: 0.9 }, { x: 0, seed: 2, value: 0.8 }, { x: 0.1, seed: 1, value: 0.5 }]) },
    { label: "WVA", band: seriesBand([{ x: 0.05, seed: 1, value: 0.7 }]) },
  ]);
  assert.deepEqual(data.x, [0, 0.05, 0.1]);
  assert.deepEqual(data.curves[0]!.min, [0.8, null, 0.5]);
  assert.deepEqual(data.curves[0]!.max, [0.9, null, 0.5]);
  assert.equal(data.curves[0]!.mean[0]!.toFixed(2), "0.85");
  assert.deepEqual(data.curves[0]!.n, [2, null, 1]);
  assert.deepEqual(data.curves[1]!.mean, [null, 0.7, null]);
});

void test("uPlot's columns: x, then min, mean, max of each curve; the band runs from max down to min", () => {
  assert.deepEqual(bandColumns(0), { min: 1, mean: 2, max: 3, band: [3, 1] });
  assert.deepEqual(bandColumns(2), { min: 7, mean: 8, max: 9, band: [9, 7] });
  const data = bandData([{ label: "a", band: seriesBand([{ x: 1, seed: 1, value: 2 }]) }]);
  assert.deepEqual(alignedBandData(data), [[1], [2], [2], [2]]);
});

void test("no curves, no points", () => {
  assert.deepEqual(bandData([]), { x: [], curves: [] });
});
