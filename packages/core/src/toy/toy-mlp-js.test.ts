import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assembleToyKernels } from "../../scripts/build-toy-wasm.ts";
import { initEngine } from "../engine/index.ts";
import { Sgd, type SgdOptions } from "../optim/sgd.ts";
import { Rng } from "../rng.ts";
import { augmentWithNoise, makeToyData } from "./toy-data.ts";
import { loadToyKernels, ToyMlpJs } from "./toy-mlp-js.ts";
import { bceWithLogits, ToyMlp, toyInit } from "./toy-mlp.ts";

before(async () => {
  await initEngine();
});

/**
 * The wasm step and tfjs both sum in float32, in different orders. Every loss, weight and logit
 * must agree to 1e-5 relative plus 1e-6 absolute (for values near 0). Measured worst over these
 * steps: 2e-8 absolute on a loss of 0.0016 (1e-5 relative), 3.6e-7 absolute on a weight.
 */
const close = (got: number, want: number) => Math.abs(got - want) <= 1e-5 * Math.abs(want) + 1e-6;

test("toy-kernels.wasm is toy-kernels.wat assembled", async () => {
  const assembled = await assembleToyKernels();
  const committed = readFileSync(new URL("./toy-kernels.wasm", import.meta.url));
  assert.ok(Buffer.from(assembled).equals(committed), "toy-kernels.wasm is stale: run `pnpm build:toy-wasm` in packages/core and commit it.");
});

/** 24 steps at batches cycling 10, 1, 7, 300 on both paths; asserts each loss, then the weights and logits. */
function stepBoth(reduction: "mean" | "sum", sgd: SgdOptions): void {
  // Run (d)'s augmented set: 300 points, so the memory grows mid-run and is then reused.
  const set = augmentWithNoise(makeToyData(0).train, 2, 0.1, new Rng(3));
  const js = new ToyMlpJs(toyInit(7));
  const model = new ToyMlp(toyInit(7));
  const optimizer = new Sgd(sgd);
  try {
    let start = 0;
    for (let step = 0; step < 24; step++) {
      const n = [10, 1, 7, 300][step % 4]!;
      if (start + n > set.size) start = 0;
      const x = set.x.subarray(2 * start, 2 * (start + n));
      const y = set.y.subarray(start, start + n);
      start += n;
      const got = js.trainStep(x, y, n, reduction, sgd);
      const want = tf.tidy(() => optimizer.minimize(model.params, () => bceWithLogits(model.logits(tf.tensor2d(x, [n, 2])), tf.tensor1d(y), reduction)).dataSync()[0]!);
      assert.ok(close(got, want), `loss at step ${step} (batch ${n}): ${got} vs tfjs ${want}`);
    }
    const got = js.weights();
    for (const [key, want] of Object.entries(model.weights())) {
      assert.deepEqual(got[key]!.shape, want.shape);
      want.values.forEach((w, i) => assert.ok(close(got[key]!.values[i]!, w), `${key}[${i}]: ${got[key]!.values[i]} vs tfjs ${w}`));
    }
    const logits = tf.tidy(() => model.logits(tf.tensor2d(set.x, [set.size, 2])).dataSync());
    js.logits(set.x, set.size).forEach((z, i) => assert.ok(close(z, logits[i]!), `logit ${i}: ${z} vs tfjs ${logits[i]}`));
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

for (const [reduction, sgd] of [
  ["mean", { lr: 0.01, momentum: 0.9, weightDecay: 0.1 }],
  ["sum", { lr: 0.003, momentum: 0.9, weightDecay: 0.1 }],
  ["sum", { lr: 0.003, momentum: 0, weightDecay: 0 }],
] as const) {
  test(`the wasm step matches tfjs step by step at batches of 10, 1, 7 and 300 (${reduction}, momentum ${sgd.momentum}, weight decay ${sgd.weightDecay})`, () => {
    stepBoth(reduction, sgd);
  });
}

test("the kernels handle widths that are not multiples of 20 or 4 (vector and scalar tails)", () => {
  const [n, fanIn, fanOut] = [3, 5, 27];
  const { kernels: k, memory } = loadToyKernels();
  const f = new Float32Array(memory.buffer);
  const rng = new Rng(1);
  // Float offsets, 16-byte aligned: h, w, b, out, d, g, gb, dh.
  const [h, w, b, out, d, g, gb, dh] = [0, 64, 256, 320, 448, 576, 768, 832];
  for (let i = 0; i < 832; i++) f[i] = rng.uniform(-1, 1);
  f[h + 1] = 0; // an inactive input: skipped forward, no gradient through it
  const hAt = (i: number, c: number) => f[h + i * fanIn + c]!;
  const rowSum = (len: number, term: (c: number) => number) => Array.from({ length: len }, (_, c) => term(c)).reduce((s, t) => s + t, 0);
  const near = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) <= 1e-5 * (1 + Math.abs(want)), `${what}: ${got} vs ${want}`);

  k.dense_forward(4 * h, n, fanIn, 4 * w, 4 * b, 4 * out, fanOut, 1);
  k.kernel_grad(4 * h, n, fanIn, 4 * d, fanOut, 4 * g);
  k.bias_grad(4 * d, n, fanOut, 4 * gb);
  k.input_grad(4 * d, n, fanOut, 4 * w, fanIn, 4 * h, 4 * dh);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < fanOut; j++) {
      const z = f[b + j]! + rowSum(fanIn, (c) => hAt(i, c) * f[w + c * fanOut + j]!);
      near(f[out + i * fanOut + j]!, Math.max(0, z), `out[${i}, ${j}]`);
    }
    for (let c = 0; c < fanIn; c++) {
      const want = hAt(i, c) > 0 ? rowSum(fanOut, (j) => f[d + i * fanOut + j]! * f[w + c * fanOut + j]!) : 0;
      near(f[dh + i * fanIn + c]!, want, `dh[${i}, ${c}]`);
    }
  }
  for (let j = 0; j < fanOut; j++) {
    near(f[gb + j]!, rowSum(n, (i) => f[d + i * fanOut + j]!), `bias grad ${j}`);
    for (let c = 0; c < fanIn; c++) near(f[g + c * fanOut + j]!, rowSum(n, (i) => hAt(i, c) * f[d + i * fanOut + j]!), `kernel grad [${c}, ${j}]`);
  }

  // SGD on 7 floats (a vector and three scalars), a later momentum step: buf ← 0.9·buf + ∇ + 0.1·w.
  const [before, buffer] = [f.slice(w, w + 7), f.slice(b, b + 7)];
  k.sgd(4 * w, 4 * g, 4 * b, 7, 0.5, 0.9, 0.1, 2);
  for (let i = 0; i < 7; i++) {
    const direction = 0.9 * buffer[i]! + f[g + i]! + 0.1 * before[i]!;
    near(f[b + i]!, direction, `momentum ${i}`);
    near(f[w + i]!, before[i]! - 0.5 * direction, `weight ${i}`);
  }
});
