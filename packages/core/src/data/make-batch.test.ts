import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../rng.ts";
import type { ImageDataset } from "./dataset.ts";
import { cropPadding, makeBatch } from "./make-batch.ts";
import { NORMALIZATION } from "./normalization.ts";
import { syntheticDataset } from "./synthetic.ts";

function cifarLike(): ImageDataset {
  return { ...syntheticDataset({ size: 64, testSize: 8, height: 32, width: 32, channels: 3, classes: 10, seed: 4 }), ...NORMALIZATION.cifar10 };
}

/** torchvision's pipeline written out plainly: pad with zeros, crop at (top, left), maybe flip, normalize. */
function reference(data: ImageDataset, image: Uint8Array, top: number, left: number, flip: boolean, pad: number): Float32Array {
  const { height: H, width: W, channels: C } = data;
  const Hp = H + 2 * pad;
  const Wp = W + 2 * pad;
  const padded = new Uint8Array(Hp * Wp * C);
  for (let y = 0; y < H; y++) padded.set(image.subarray(y * W * C, (y + 1) * W * C), ((y + pad) * Wp + pad) * C);
  const out = new Float32Array(H * W * C);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const cx = flip ? W - 1 - x : x;
      for (let c = 0; c < C; c++) {
        const v = padded[((y + top) * Wp + cx + left) * C + c]!;
        out[(y * W + x) * C + c] = Math.fround((v / 255 - data.mean[c]!) / data.std[c]!);
      }
    }
  }
  return out;
}

test("without augmentation a batch gathers the indices and normalizes (v/255 − mean)/std", () => {
  const data = cifarLike();
  const batch = makeBatch(data, data.train, [5, 0, 63], { augment: false, rng: new Rng(0) });
  assert.equal(batch.size, 3);
  assert.deepEqual([...batch.y], [data.train.labels[5], data.train.labels[0], data.train.labels[63]]);
  for (const [b, index] of [[0, 5], [1, 0], [2, 63]] as const) {
    for (const p of [0, 1, 2, 1000, 3071]) {
      const v = data.train.images[index * 3072 + p]!;
      const c = p % 3;
      assert.equal(batch.x[b * 3072 + p], Math.fround((v / 255 - data.mean[c]!) / data.std[c]!));
    }
  }
});

test("augmentation is RandomCrop(32, padding=4) with zero padding then a p=0.5 flip, drawn only from the rng", () => {
  const data = cifarLike();
  const indices = Array.from({ length: 200 }, (_, i) => i % 64);
  const batch = makeBatch(data, data.train, indices, { augment: true, rng: new Rng(11) });
  const draws = new Rng(11);
  const offsets = new Set<number>();
  let flips = 0;
  indices.forEach((index, b) => {
    const top = draws.int(9);
    const left = draws.int(9);
    const flip = draws.next() < 0.5;
    offsets.add(top).add(left);
    flips += Number(flip);
    const want = reference(data, data.train.images.subarray(index * 3072, (index + 1) * 3072), top, left, flip, 4);
    assert.deepEqual(batch.x.subarray(b * 3072, (b + 1) * 3072), want, `image ${b}: top ${top} left ${left} flip ${flip}`);
  });
  assert.equal(offsets.size, 9);
  assert.ok(flips > 70 && flips < 130, `${flips} flips of 200`);
  assert.deepEqual(makeBatch(data, data.train, indices, { augment: true, rng: new Rng(11) }), batch);
  assert.notDeepEqual(makeBatch(data, data.train, indices, { augment: true, rng: new Rng(12) }).x, batch.x);
});

test("padding normalizes to −mean/std; a crop shifts content; a flip mirrors it", () => {
  const data = cifarLike();
  // Find draws that give a pure shift (top 0 = up 4 rows, centred columns, no flip) and a pure flip.
  let shiftSeed = -1;
  let flipSeed = -1;
  for (let seed = 0; shiftSeed < 0 || flipSeed < 0; seed++) {
    const r = new Rng(seed);
    const [top, left, flip] = [r.int(9), r.int(9), r.next() < 0.5];
    if (top === 0 && left === 4 && !flip && shiftSeed < 0) shiftSeed = seed;
    if (top === 4 && left === 4 && flip && flipSeed < 0) flipSeed = seed;
  }
  const normalized = makeBatch(data, data.train, [0], { augment: false, rng: new Rng(0) }).x;
  const shifted = makeBatch(data, data.train, [0], { augment: true, rng: new Rng(shiftSeed) }).x;
  for (let c = 0; c < 3; c++) {
    const padValue = Math.fround(-data.mean[c]! / data.std[c]!);
    for (let y = 0; y < 4; y++) assert.equal(shifted[(y * 32 + 7) * 3 + c], padValue);
    assert.ok(Math.abs(padValue - [-2.429, -2.418, -2.221][c]!) < 1e-3);
  }
  // Row y of the output is row y−4 of the image.
  assert.deepEqual(shifted.subarray(10 * 96, 11 * 96), normalized.subarray(6 * 96, 7 * 96));
  const flipped = makeBatch(data, data.train, [0], { augment: true, rng: new Rng(flipSeed) }).x;
  for (const [y, x] of [[0, 0], [3, 5], [31, 31], [17, 30]] as const) {
    for (let c = 0; c < 3; c++) assert.equal(flipped[(y * 32 + x) * 3 + c], normalized[(y * 32 + 31 - x) * 3 + c]);
  }
});

test("Fashion-MNIST crops 28×28 with 2 pixels of padding; CIFAR-sized images with 4", () => {
  assert.equal(cropPadding({ name: "fashion-mnist", width: 28 }), 2);
  assert.equal(cropPadding({ name: "cifar10", width: 32 }), 4);
  const fmnist: ImageDataset = {
    ...syntheticDataset({ size: 16, testSize: 1, height: 28, width: 28, channels: 1, classes: 4, seed: 2 }),
    name: "fashion-mnist",
    ...NORMALIZATION["fashion-mnist"],
  };
  const indices = Array.from({ length: 300 }, (_, i) => i % 16);
  const batch = makeBatch(fmnist, fmnist.train, indices, { augment: true, rng: new Rng(3) });
  const draws = new Rng(3);
  indices.forEach((index, b) => {
    const [top, left, flip] = [draws.int(5), draws.int(5), draws.next() < 0.5];
    const want = reference(fmnist, fmnist.train.images.subarray(index * 784, (index + 1) * 784), top, left, flip, 2);
    assert.deepEqual(batch.x.subarray(b * 784, (b + 1) * 784), want);
  });
});

test("an index outside the split is a RangeError, not a silent read past the end", () => {
  const data = cifarLike();
  assert.throws(() => makeBatch(data, data.train, [0, 64], { augment: false, rng: new Rng(0) }), /index 64 at position 1 is outside the split \(size 64\)/);
  assert.throws(() => makeBatch(data, data.train, [-1], { augment: true, rng: new Rng(0) }), RangeError);
});

test("the Normalize constants are reference-spec §1's", () => {
  assert.deepEqual(NORMALIZATION.cifar10, { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201] });
  assert.deepEqual(NORMALIZATION.cinic10.std, [0.24205776, 0.23828046, 0.25874835]);
  assert.deepEqual(NORMALIZATION["restricted-imagenet"].mean, [0.4717, 0.4499, 0.3837]);
  assert.deepEqual(NORMALIZATION.cifar100.std, [0.2673, 0.2564, 0.2762]);
});
