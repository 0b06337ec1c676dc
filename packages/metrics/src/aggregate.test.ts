import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregate } from "./aggregate.ts";

test("aggregate gives the population std (numpy's ddof = 0)", () => {
  // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 4 = 1.25.
  assert.deepEqual(aggregate([1, 2, 3, 4]), { mean: 2.5, std: Math.sqrt(1.25), min: 1, max: 4, n: 4, missing: 0 });
  assert.deepEqual(aggregate([7]), { mean: 7, std: 0, min: 7, max: 7, n: 1, missing: 0 });
});

test("aggregate keeps a tiny std next to a large mean", () => {
  // Table 2's 100.000 ± 0.001 kind of cell: deviations ±0.001 → std 0.001.
  const stats = aggregate([99.999, 100.001, 99.999, 100.001]);
  assert.ok(Math.abs(stats.std! - 0.001) < 1e-12, String(stats.std));
});

test("aggregate says how many seeds are missing", () => {
  assert.equal(aggregate([1, 2, 3], 5).missing, 2);
  assert.equal(aggregate([1, 2, 3, 4, 5, 6], 5).missing, 0);
  assert.deepEqual(aggregate([], 5), { mean: null, std: null, min: null, max: null, n: 0, missing: 5 });
});

test("aggregate refuses a non-finite value", () => {
  assert.throws(() => aggregate([1, Number.NaN]), /Value 1 is NaN/);
});
