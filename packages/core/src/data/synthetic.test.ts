import assert from "node:assert/strict";
import { test } from "node:test";
import { syntheticDataset } from "./synthetic.ts";

test("synthetic data is learnable: a nearest-class-mean classifier gets the test set right", () => {
  const data = syntheticDataset({ size: 500, testSize: 200, height: 16, width: 16, channels: 3, classes: 10, seed: 9 });
  const pixels = 16 * 16 * 3;
  assert.equal(data.train.images.length, 500 * pixels);
  const means = Array.from({ length: 10 }, () => new Float64Array(pixels));
  for (let i = 0; i < 500; i++) {
    const m = means[data.train.labels[i]!]!;
    for (let p = 0; p < pixels; p++) m[p] = m[p]! + data.train.images[i * pixels + p]! / 50;
  }
  let correct = 0;
  for (let i = 0; i < 200; i++) {
    const dist = means.map((m) => m.reduce((d, v, p) => d + (v - data.test.images[i * pixels + p]!) ** 2, 0));
    if (dist.indexOf(Math.min(...dist)) === data.test.labels[i]) correct++;
  }
  assert.ok(correct >= 190, `${correct}/200`);
  assert.ok(data.mean.every((m) => m > 0.35 && m < 0.65) && data.std.every((s) => s > 0.1));
});

test("the seed fixes the synthetic set; bad shapes name the field", () => {
  const options = { size: 20, testSize: 5, height: 8, width: 8, channels: 1, classes: 4, seed: 1 };
  assert.deepEqual(syntheticDataset(options), syntheticDataset(options));
  assert.notDeepEqual(syntheticDataset({ ...options, seed: 2 }).train.images, syntheticDataset(options).train.images);
  assert.throws(() => syntheticDataset({ ...options, classes: 0 }), /classes must be an integer ≥ 1, got 0/);
  assert.throws(() => syntheticDataset({ ...options, height: 2.5 }), /height must be an integer/);
});
