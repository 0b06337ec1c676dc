import assert from "node:assert/strict";
import { test } from "node:test";
import { clampSmoothing, smoothEma } from "./smoothing.ts";

const close = (actual: (number | null)[], expected: (number | null)[]) =>
  actual.forEach((v, i) => (expected[i] === null ? assert.equal(v, null) : assert.ok(Math.abs(v! - expected[i]!) < 1e-12, `${i}: ${v} ≠ ${expected[i]}`)));

void test("no smoothing returns the values; some smoothing is a debiased moving average that starts at the first value", () => {
  assert.deepEqual(smoothEma([1, 2, 3], 0), [1, 2, 3]);
  // w = 0.5: averages 0.5, 1.25 → debiased by 0.5, 0.75: 1, 5/3.
  close(smoothEma([1, 2], 0.5), [1, 5 / 3]);
  const flat = smoothEma([4, 4, 4, 4], 0.9);
  close(flat, [4, 4, 4, 4]);
});

void test("gaps stay gaps and do not move the average; a noisy curve is calmer", () => {
  close(smoothEma([1, null, 2], 0.5), [1, null, 5 / 3]);
  assert.ok(Number.isNaN(smoothEma([1, NaN, 2], 0.5)[1]));
  const noisy = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const smoothed = smoothEma(noisy, 0.9).slice(100) as number[];
  assert.ok(Math.max(...smoothed) - Math.min(...smoothed) < 0.2, "the zig-zag of 1 becomes a ripple");
});

void test("the weight is kept to [0, 0.99] in hundredths", () => {
  assert.deepEqual([clampSmoothing(-1), clampSmoothing(0.6), clampSmoothing(0.999), clampSmoothing(Number.NaN), clampSmoothing(0.123)], [0, 0.6, 0.99, 0, 0.12]);
});
