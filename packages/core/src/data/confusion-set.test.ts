import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../rng.ts";
import { buildConfusionSet } from "./confusion-set.ts";
import type { ImageDataset } from "./dataset.ts";

/** A CIFAR-shaped set whose values are all 1–255, so every 0 in a replica was put there. */
function noZeros(size: number, seed = 0): ImageDataset {
  const rng = new Rng(seed);
  const images = Uint8Array.from({ length: size * 3072 }, () => 1 + rng.int(255));
  const labels = Uint8Array.from({ length: size }, (_, i) => i % 10);
  const split = { images, labels, size };
  return { name: "cifar10", height: 32, width: 32, channels: 3, classes: 10, train: split, test: split, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
}

const zerosIn = (images: Uint8Array, n: number) => images.subarray(n * 3072, (n + 1) * 3072).filter((v) => v === 0).length;

test("each replica zeroes exactly floor(3072·0.1) = 307 channel-values and keeps the rest, image-major", () => {
  const data = noZeros(20);
  const set = buildConfusionSet(data, { replicas: 3, zeroOutRatio: 0.1, seed: 1 });
  assert.equal(set.size, 60);
  let partialPixels = 0;
  for (let out = 0; out < set.size; out++) {
    assert.equal(zerosIn(set.images, out), 307, `replica ${out}`);
    const source = Math.floor(out / 3);
    for (let i = 0; i < 3072; i++) {
      const v = set.images[out * 3072 + i]!;
      if (v !== 0) assert.equal(v, data.train.images[source * 3072 + i]);
    }
    for (let p = 0; p < 1024; p++) {
      const zeroed = [0, 1, 2].filter((c) => set.images[out * 3072 + 3 * p + c] === 0).length;
      if (zeroed === 1 || zeroed === 2) partialPixels++;
    }
  }
  // Per channel-value, not per pixel: most zeroed pixels keep some channels.
  assert.ok(partialPixels > 60 * 200, `${partialPixels} partly zeroed pixels`);
  const replicasOfImage0 = [0, 1, 2].map((r) => set.images.subarray(r * 3072, (r + 1) * 3072));
  assert.notDeepEqual(replicasOfImage0[0], replicasOfImage0[1]);
  assert.equal(buildConfusionSet(noZeros(2), { replicas: 1, zeroOutRatio: 0.25, seed: 1 }).images.filter((v) => v === 0).length, 2 * 768);
});

test("zeroed positions are uniform over the image and labels uniform over the classes", () => {
  const data = noZeros(250, 3);
  const set = buildConfusionSet(data, { replicas: 8, zeroOutRatio: 0.1, seed: 5 });
  const hits = new Uint32Array(3072);
  for (let i = 0; i < set.images.length; i++) if (set.images[i] === 0) hits[i % 3072]!++;
  const expected = 2000 * (307 / 3072);
  assert.ok(Math.min(...hits) > expected * 0.6 && Math.max(...hits) < expected * 1.4, `hits ${Math.min(...hits)}…${Math.max(...hits)}`);
  const counts = Array.from({ length: 10 }, (_, k) => set.labels.filter((l) => l === k).length);
  for (const c of counts) assert.ok(Math.abs(c - 200) < 60, `label counts ${counts.join(", ")}`);
  // Labels are random, not the source's: agreement is near chance (10%).
  const agree = [...set.labels].filter((l, i) => l === data.train.labels[Math.floor(i / 8)]).length;
  assert.ok(agree > 120 && agree < 280, `agreement ${agree}/2000`);
});

test("the same seed gives the same confusion set, another seed another one", () => {
  const data = noZeros(10);
  const a = buildConfusionSet(data, { replicas: 2, zeroOutRatio: 0.1, seed: 7 });
  const b = buildConfusionSet(data, { replicas: 2, zeroOutRatio: 0.1, seed: 7 });
  const c = buildConfusionSet(data, { replicas: 2, zeroOutRatio: 0.1, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.images, c.images);
  assert.notDeepEqual(a.labels, c.labels);
});

test("ratio 0 copies, ratio 1 blanks, and bad options name the field", () => {
  const data = noZeros(3);
  const copy = buildConfusionSet(data, { replicas: 2, zeroOutRatio: 0, seed: 1 });
  assert.deepEqual(copy.images.subarray(3072, 6144), data.train.images.subarray(0, 3072));
  assert.ok(buildConfusionSet(data, { replicas: 1, zeroOutRatio: 1, seed: 1 }).images.every((v) => v === 0));
  for (const replicas of [0, 1.5, -1, Number.NaN]) {
    assert.throws(() => buildConfusionSet(data, { replicas, zeroOutRatio: 0.1, seed: 1 }), /replicas must be an integer ≥ 1/);
  }
  for (const zeroOutRatio of [-0.1, 1.01, Number.NaN]) {
    assert.throws(() => buildConfusionSet(data, { replicas: 1, zeroOutRatio, seed: 1 }), /zeroOutRatio must be in \[0, 1\]/);
  }
});
