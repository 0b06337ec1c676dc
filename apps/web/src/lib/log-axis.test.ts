import assert from "node:assert/strict";
import { test } from "node:test";
import { forLogScale, LOG_FLOOR, logRange, logSplits, logTickLabel } from "./log-axis.ts";

const exponent = (v: number) => Math.round(Math.log10(v));

void test("a loss down to 1e-62 gets a handful of decade ticks at once", () => {
  const [min, max] = logRange(1e-62, 0.7);
  assert.deepEqual([min, max], [1e-62, 1]);
  const ticks = logSplits(min, max, 8);
  assert.deepEqual(ticks.map(exponent), [-60, -50, -40, -30, -20, -10, 0]);
  assert.deepEqual(ticks, [1e-60, 1e-50, 1e-40, 1e-30, 1e-20, 1e-10, 1], "exact powers of ten");
  assert.deepEqual(ticks.map(logTickLabel), ["10⁻⁶⁰", "10⁻⁵⁰", "10⁻⁴⁰", "10⁻³⁰", "10⁻²⁰", "10⁻¹⁰", "1"]);
});

void test("1e-300 to 1e300 is covered within the tick budget", () => {
  const [min, max] = logRange(1e-300, 1e300);
  assert.deepEqual([min, max], [1e-300, 1e300]);
  const ticks = logSplits(min, max, 8);
  assert.deepEqual(ticks.map(exponent), [-300, -200, -100, 0, 100, 200, 300]);
  for (const budget of [2, 3, 5, 12, 40]) assert.ok(logSplits(min, max, budget).length <= budget, `at most ${budget} ticks`);
  assert.ok(logSplits(1e-300, 1e300, 1000).length === 601, "a large budget ticks every decade");
});

void test("a narrow range ticks every decade", () => {
  assert.deepEqual(logSplits(0.01, 10, 8), [0.01, 0.1, 1, 10]);
  assert.deepEqual(logSplits(...logRange(0.02, 0.9), 8), [0.01, 0.1, 1]);
});

void test("a single value gets one decade either side of it", () => {
  assert.deepEqual(logRange(1, 1), [0.1, 10]);
  assert.deepEqual(logRange(0.5, 0.5), [0.1, 1]);
  assert.deepEqual(logSplits(...logRange(1e-62, 1e-62), 8), [1e-63, 1e-62, 1e-61]);
});

void test("zeros, negatives and non-numbers are left out; values past the floor are drawn at it", () => {
  assert.deepEqual(forLogScale([0.5, 0, -1, null, Number.NaN, Number.POSITIVE_INFINITY, 1e-62, 5e-324]), [0.5, null, null, null, null, null, 1e-62, LOG_FLOOR]);
  assert.deepEqual(logRange(null, null), [1, 10]);
  assert.deepEqual(logRange(0, 1), [1, 10], "no positive minimum: a placeholder decade");
  assert.deepEqual(logSplits(0, 1, 8), []);
  assert.deepEqual(logSplits(-5, -1, 8), []);
});
