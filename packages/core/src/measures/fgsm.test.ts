import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { makeBatch, syntheticDataset, type ImageDataset } from "../data/index.ts";
import { buildModel } from "../models/index.ts";
import { useNativeEngine } from "../models/testing.ts";
import { Rng } from "../rng.ts";
import { fgsmAccuracy, gradientSigns } from "./fgsm.ts";

before(useNativeEngine);

/** Two-pixel grey images, two classes; Normalize mean 0.5, std 0.25. */
const PIXELS = [
  [200, 30], [120, 140], [90, 60], [250, 250], [10, 5], [128, 64], [60, 200], [180, 100], [30, 90], [140, 20], [100, 101], [220, 160],
];
const LABELS = [1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 1];

function twoPixelSet(): ImageDataset {
  const split = { images: Uint8Array.from(PIXELS.flat()), labels: Uint8Array.from(LABELS), size: LABELS.length };
  return { name: "synthetic", height: 1, width: 2, channels: 1, classes: 2, train: split, test: split, mean: [0.5], std: [0.25] };
}

/** Logits z0 = 0, z1 = x_n·d + 0.1 with d = (1, −2): class 1 iff x_n0 − 2·x_n1 + 0.1 > 0. */
function linearModel(): tf.LayersModel {
  const input = tf.input({ shape: [1, 2, 1] });
  const dense = tf.layers.dense({ units: 2 });
  const model = tf.model({ inputs: input, outputs: dense.apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor });
  dense.setWeights([tf.tensor2d([[0, 1], [0, -2]]), tf.tensor1d([0, 0.1])]);
  return model;
}

const D = [1, -2];
const margin = (pixels: number[]) => pixels.reduce((s, p, i) => s + D[i]! * ((p - 0.5) / 0.25), 0.1);

test("FGSM on a linear two-class model: each pixel steps ε against the true class's direction, accuracy as in closed form", () => {
  const dataset = twoPixelSet();
  const model = linearModel();
  // ∇_{x_n} CE = (p1 − y1)·d: its sign is −sign(d) for label 1 and +sign(d) for label 0.
  const batch = makeBatch(dataset, dataset.test, PIXELS.map((_, i) => i), { augment: false, rng: new Rng(0) });
  const signs = gradientSigns(model, dataset, batch.x, batch.y);
  assert.deepEqual([...signs], LABELS.flatMap((y) => D.map((d) => (y === 1 ? -Math.sign(d) : Math.sign(d)))));

  const epsilons = [0, 0.05, 0.1, 0.2, 0.3];
  const expected = epsilons.map((epsilon) => {
    const hits = PIXELS.filter((image, n) => {
      const y = LABELS[n]!;
      const attacked = image.map((v, i) => Math.min(1, Math.max(0, v / 255 + epsilon * (y === 1 ? -Math.sign(D[i]!) : Math.sign(D[i]!)))));
      return (margin(attacked) > 0 ? 1 : 0) === y;
    }).length;
    return hits / PIXELS.length;
  });
  const measured = fgsmAccuracy(model, dataset, { epsilons, batchSize: 5 });
  assert.deepEqual(measured.map((p) => p.epsilon), epsilons);
  for (const [k, point] of measured.entries()) assert.ok(Math.abs(point.accuracy - expected[k]!) < 1e-12, `ε=${point.epsilon}: ${point.accuracy} vs ${expected[k]}`);
  assert.ok(expected[0]! > expected.at(-1)!, "the closed form itself must show the attack working");
  model.dispose();
});

test("FGSM on a small model trained on synthetic data: ε = 0 is the clean accuracy, and accuracy falls as ε grows", async () => {
  const dataset = syntheticDataset({ size: 400, testSize: 120, height: 8, width: 8, channels: 3, classes: 4, seed: 5 });
  const model = buildModel("mlp", { inputShape: [8, 8, 3], classes: 4, init: "paper", seed: 1, width: 1 / 16 });
  const all = (n: number) => Array.from({ length: n }, (_, i) => i);
  const train = makeBatch(dataset, dataset.train, all(400), { augment: false, rng: new Rng(0) });
  const x = tf.tensor4d(train.x, [400, 8, 8, 3]);
  const y = tf.oneHot(tf.tensor1d(train.y, "int32"), 4);
  model.compile({ optimizer: tf.train.adam(0.01), loss: (t: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(t, p) });
  await model.fit(x, y, { epochs: 8, batchSize: 50, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);

  const test = makeBatch(dataset, dataset.test, all(120), { augment: false, rng: new Rng(0) });
  const clean = tf.tidy(() => {
    const logits = model.predict(tf.tensor4d(test.x, [120, 8, 8, 3])) as tf.Tensor2D;
    return logits.argMax(1).equal(tf.tensor1d(test.y, "int32")).sum().dataSync()[0]! / 120;
  });
  const tensors = tf.memory().numTensors;
  const points = fgsmAccuracy(model, dataset, { batchSize: 50 });
  assert.equal(tf.memory().numTensors, tensors, "no tensors leak");
  assert.deepEqual(points.map((p) => p.epsilon), [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  assert.equal(points[0]!.accuracy, clean);
  assert.ok(clean > 0.8, `the model must have learned the synthetic classes (clean ${clean})`);
  for (let k = 1; k < points.length; k++) assert.ok(points[k]!.accuracy <= points[k - 1]!.accuracy + 0.02, JSON.stringify(points));
  assert.ok(points.at(-1)!.accuracy < clean - 0.3, JSON.stringify(points));
  assert.throws(() => fgsmAccuracy(model, twoPixelSet()), /takes 8×8×3 images and gives 4 classes, but synthetic has 1×2×1 images and 2 classes/);
  model.dispose();
});
