import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { modelWeights } from "../train/checkpoint.ts";
import { toyInit } from "../toy/toy-mlp.ts";
import { buildModel, MODEL_NAMES } from "../models/index.ts";
import { useNativeEngine } from "../models/testing.ts";
import { pathNorm, pathNorms } from "./path-norms.ts";
import { toyPathNorm } from "./toy-path-norms.ts";

before(useNativeEngine);

const close = (actual: number, expected: number, what: string, rel = 1e-5) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected}`);

/** Small seeded weights with both signs, so |w|^p matters. */
function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 1.5);
}

/**
 * input 3×3×1 → conv 2×2 valid, 2 filters, bias → ReLU → flatten (2·2·2 = 8) → dense 8→2, bias;
 * plus a skip: flatten(input) (9) → dense 9→2, no bias; the two heads are added.
 */
function tinyNet() {
  const input = tf.input({ shape: [3, 3, 1] });
  const conv = tf.layers.conv2d({ name: "conv", filters: 2, kernelSize: 2, padding: "valid", useBias: true });
  const dense = tf.layers.dense({ name: "head", units: 2 });
  const skip = tf.layers.dense({ name: "skip", units: 2, useBias: false });
  let x = conv.apply(input) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: "relu" }).apply(x) as tf.SymbolicTensor;
  x = dense.apply(tf.layers.flatten({ name: "flat" }).apply(x)) as tf.SymbolicTensor;
  const s = skip.apply(tf.layers.flatten({ name: "flat_in" }).apply(input)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: tf.layers.add({ name: "sum" }).apply([x, s]) as tf.SymbolicTensor });
  const K = values(2 * 2 * 1 * 2, 1); // [ky, kx, c, f]
  const b = values(2, 2);
  const D = values(8 * 2, 3); // [unit, class]
  const c = values(2, 4);
  const S = values(9 * 2, 5);
  conv.setWeights([tf.tensor4d(K, [2, 2, 1, 2]), tf.tensor1d(b)]);
  dense.setWeights([tf.tensor2d(D, [8, 2]), tf.tensor1d(c)]);
  skip.setWeights([tf.tensor2d(S, [9, 2])]);
  return { model, K, b, D, c, S };
}

/** Σ over every input-to-output path (and, with biases, every bias-to-output path) of Π|w|^p. */
function bruteForce({ K, b, D, c, S }: ReturnType<typeof tinyNet>, p: number, biases: boolean): number {
  const w = (x: number) => Math.abs(x) ** p;
  let sum = 0;
  for (let k = 0; k < 2; k++) {
    for (let pixel = 0; pixel < 9; pixel++) sum += w(S[pixel * 2 + k]!);
    for (let oy = 0; oy < 2; oy++) {
      for (let ox = 0; ox < 2; ox++) {
        for (let f = 0; f < 2; f++) {
          const toClass = w(D[((oy * 2 + ox) * 2 + f) * 2 + k]!);
          if (biases) sum += w(b[f]!) * toClass;
          for (let ky = 0; ky < 2; ky++) for (let kx = 0; kx < 2; kx++) sum += w(K[(ky * 2 + kx) * 2 + f]!) * toClass;
        }
      }
    }
    if (biases) sum += w(c[k]!);
  }
  return sum;
}

test("ℓ1 and ℓ2 path norms of a conv + dense + skip net equal the sum over every enumerated path", () => {
  const net = tinyNet();
  for (const p of [1, 2]) {
    close(pathNorm(net.model, p).value, bruteForce(net, p, false) ** (1 / p), `ℓ${p} without biases`);
    close(pathNorm(net.model, p, { biases: "include" }).value, bruteForce(net, p, true) ** (1 / p), `ℓ${p} with biases`);
  }
  const both = pathNorms(net.model);
  close(both.l2.log10, Math.log10(bruteForce(net, 2, false)) / 2, "log10 ℓ2");
  net.model.dispose();
});

test("batch norm counts as its eval-mode scale |γ/√(var+ε)|^p; its shift only with biases", () => {
  const input = tf.input({ shape: [2] });
  const fc1 = tf.layers.dense({ name: "fc1", units: 3, useBias: false, kernelInitializer: "ones" });
  const bn = tf.layers.batchNormalization({ name: "bn", epsilon: 0.01 });
  const fc2 = tf.layers.dense({ name: "fc2", units: 1, useBias: false, kernelInitializer: "ones" });
  const model = tf.model({ inputs: input, outputs: fc2.apply(bn.apply(fc1.apply(input))) as tf.SymbolicTensor });
  // var + ε = 4, 9, 0.25 and γ = 2, 3, −1: the scales are 1, 1, −2.
  bn.setWeights([tf.tensor1d([2, 3, -1]), tf.tensor1d([5, 0, 1]), tf.tensor1d([1, 2, 3]), tf.tensor1d([3.99, 8.99, 0.24])]);
  // Two inputs, each reaching every channel: Σ = 2·(1 + 1 + 2^p).
  close(pathNorm(model, 1).value, 8, "ℓ1");
  close(pathNorm(model, 2).value, Math.sqrt(12), "ℓ2");
  // Shifts β − μ·scale = 5 − 1, 0 − 2, 1 + 6 = 4, −2, 7 are bias edges into fc2 (weights 1).
  close(pathNorm(model, 1, { biases: "include" }).value, 8 + 4 + 2 + 7, "ℓ1 with biases");
  close(pathNorm(model, 1, { batchNorm: "identity" }).value, 6, "ℓ1 skipping BN");
  model.dispose();
});

test("max-pool keeps the largest path sum by default; maxPool: \"sum\" counts every path through the window", () => {
  const input = tf.input({ shape: [2, 2, 1] });
  const conv = tf.layers.conv2d({ name: "c", filters: 1, kernelSize: 1, useBias: false, kernelInitializer: tf.initializers.constant({ value: -3 }) });
  const pool = tf.layers.maxPooling2d({ name: "pool", poolSize: 2, strides: 2 });
  const fc = tf.layers.dense({ name: "fc", units: 1, useBias: false, kernelInitializer: tf.initializers.constant({ value: 0.5 }) });
  const flat = tf.layers.flatten({ name: "flat" });
  const model = tf.model({ inputs: input, outputs: fc.apply(flat.apply(pool.apply(conv.apply(input)))) as tf.SymbolicTensor });
  close(pathNorm(model, 1).value, 1.5, "max");
  close(pathNorm(model, 1, { maxPool: "sum" }).value, 6, "sum");
  model.dispose();
});

test("a 40-layer chain whose path sums pass float32's range gives the exact log10", () => {
  const input = tf.input({ shape: [16] });
  let x: tf.SymbolicTensor = input;
  for (let i = 0; i < 40; i++) {
    x = tf.layers.dense({ name: `fc${i}`, units: 16, useBias: false, kernelInitializer: tf.initializers.constant({ value: -10 }) }).apply(x) as tf.SymbolicTensor;
  }
  const model = tf.model({ inputs: input, outputs: x });
  // Every unit of layer L holds 160^L; the 16 outputs sum to 16·160^40 ≈ 1.9e89.
  const l1 = pathNorm(model, 1);
  close(l1.log10, Math.log10(16) + 40 * Math.log10(160), "log10 ℓ1", 1e-6);
  assert.ok(Number.isFinite(l1.value) && l1.value > 1e89);
  model.dispose();
});

test("the toy MLP's path norms equal the sum over its 20,000 enumerated paths", () => {
  const weights = toyInit(137);
  const [k1, k2, k3] = (["fc1", "fc2", "fc3"] as const).map((n) => weights[`${n}/kernel`]!.values);
  for (const p of [1, 2]) {
    let sum = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 100; j++) for (let k = 0; k < 100; k++) sum += Math.abs(k1![i * 100 + j]! * k2![j * 100 + k]! * k3![k]!) ** p;
    close(toyPathNorm(weights, p).value, sum ** (1 / p), `toy ℓ${p}`, 1e-9);
  }
  assert.ok(toyPathNorm(weights, 1, { biases: "include" }).value > toyPathNorm(weights, 1).value);
  assert.throws(() => toyPathNorm({}, 1), /not Figure 1's MLP/);
});

test("every model of the core at a small width: finite positive path norms, no leaked tensors, weights untouched", () => {
  for (const name of MODEL_NAMES) {
    const model = buildModel(name, { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 3, width: 1 / 16 });
    const before = modelWeights(model);
    const tensors = tf.memory().numTensors;
    const { l1, l2 } = pathNorms(model);
    assert.equal(tf.memory().numTensors, tensors, `${name} leaks tensors`);
    for (const norm of [l1, l2]) assert.ok(Number.isFinite(norm.log10) && norm.value > 0, `${name} ℓ${norm.p}: ${JSON.stringify(norm)}`);
    const after = modelWeights(model);
    for (const [key, w] of Object.entries(before)) assert.deepEqual(after[key]!.values, w.values, `${name}: ${key} changed`);
    model.dispose();
  }
});
