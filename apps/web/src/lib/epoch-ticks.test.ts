import assert from "node:assert/strict";
import { test } from "node:test";
import { epochSplits } from "./epoch-ticks.ts";

void test("epoch ticks are whole epochs even when uPlot would step by fractions", () => {
  assert.deepEqual(epochSplits(0.5, 3.5, 0.25), [1, 2, 3]);
  assert.deepEqual(epochSplits(1, 2, 0.5), [1, 2]);
  assert.deepEqual(epochSplits(1.2, 1.8, 0.1), [], "no whole epoch inside the zoom: no tick");
});

void test("wider spacings round up to 1, 2 or 5 × 10^k epochs", () => {
  assert.deepEqual(epochSplits(1, 10, 2), [2, 4, 6, 8, 10]);
  assert.deepEqual(epochSplits(1, 100, 15), [20, 40, 60, 80, 100]);
  assert.deepEqual(epochSplits(0, 100_000, 30_000), [0, 50_000, 100_000]);
  for (const t of epochSplits(3, 97_001, 7_777)) assert.ok(Number.isInteger(t), `${t} is a whole epoch`);
});

void test("an empty or inverted range has no ticks", () => {
  assert.deepEqual(epochSplits(Number.NaN, 3, 1), []);
  assert.deepEqual(epochSplits(5, 3, 1), []);
});
