import assert from "node:assert/strict";
import { test } from "node:test";
import { seriesBand } from "./series-band.ts";

test("seriesBand gives min/mean/max over seeds per x, sorted by x", () => {
  const band = seriesBand(
    [
      { x: 10, seed: 1, value: 0.5 },
      { x: 1, seed: 1, value: 0.8 },
      { x: 10, seed: 2, value: 0.7 },
      { x: 1, seed: 2, value: 0.9 },
      { x: 10, seed: 3, value: 0.6, runId: "c" },
    ],
    { expectedSeeds: 3 },
  );
  assert.deepEqual(
    band.map(({ x, min, max, n, missing }) => ({ x, min, max, n, missing })),
    [
      { x: 1, min: 0.8, max: 0.9, n: 2, missing: 1 },
      { x: 10, min: 0.5, max: 0.7, n: 3, missing: 0 },
    ],
  );
  assert.ok(Math.abs(band[1]!.mean - 0.6) < 1e-12);
  assert.deepEqual(band[1]!.runIds, ["c"]);
});

test("seriesBand rejects a point it cannot place", () => {
  assert.throws(() => seriesBand([{ x: Number.NaN, seed: 1, value: 1 }]), /x = NaN/);
  assert.throws(() => seriesBand([{ x: 0.1, seed: 1, value: Number.POSITIVE_INFINITY }]), /x = 0.1, seed 1: value is Infinity/);
});
