import assert from "node:assert/strict";
import { test } from "node:test";
import { boundaryColor, boundaryColorBytes } from "./colormap.ts";

const close = (actual: readonly number[], expected: readonly number[]) =>
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-9, `${actual.join()} ≠ ${expected.join()}`));

void test("the colormap hits lightskyblue, white and lightpink at 0, 0.5 and 1", () => {
  close(boundaryColor(0), [0.529, 0.824, 1]);
  close(boundaryColor(0.5), [1, 1, 1]);
  close(boundaryColor(1), [1, 0.728, 0.772]);
});

void test("the colormap is linear between stops", () => {
  close(boundaryColor(0.25), [(0.529 + 1) / 2, (0.824 + 1) / 2, 1]);
  close(boundaryColor(0.75), [1, (1 + 0.728) / 2, (1 + 0.772) / 2]);
});

void test("values outside [0, 1] are clamped and NaN is white", () => {
  close(boundaryColor(-3), boundaryColor(0));
  close(boundaryColor(7), boundaryColor(1));
  close(boundaryColor(Number.NaN), [1, 1, 1]);
});

void test("gamma moves the midpoint: with gamma 0.75 white sits below 0.5", () => {
  const whiteAt = 0.5 ** (1 / 0.75);
  close(boundaryColor(whiteAt, 0.75), [1, 1, 1]);
  assert.notDeepEqual(boundaryColor(0.5, 0.75), [1, 1, 1]);
});

void test("bytes round to 0–255", () => {
  assert.deepEqual(boundaryColorBytes(0), [135, 210, 255]);
  assert.deepEqual(boundaryColorBytes(0.5), [255, 255, 255]);
  assert.deepEqual(boundaryColorBytes(1), [255, 186, 197]);
});
