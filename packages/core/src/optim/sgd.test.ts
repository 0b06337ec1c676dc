import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { setFusion } from "../engine/fused/fusion.ts";
import { initEngine } from "../engine/index.ts";
import { Sgd } from "./sgd.ts";

before(async () => {
  await initEngine();
});

test("matches PyTorch's SGD update with momentum and weight decay, step by step", () => {
  const w = tf.variable(tf.tensor1d([1, -2]));
  const params = new Map([["w", w]]);
  const sgd = new Sgd({ lr: 0.1, momentum: 0.9, weightDecay: 0.5 });
  const grad = tf.tensor1d([0.2, 0.4]);
  // Hand computation: step 1: g = grad + 0.5·w = [0.7, -0.6], buf = g, w = w − 0.1·g = [0.93, −1.94]
  sgd.step(params, { w: grad });
  assert.deepEqual([...w.dataSync()].map((v) => +v.toFixed(6)), [0.93, -1.94]);
  // step 2: g = [0.2+0.465, 0.4−0.97] = [0.665, −0.57]; buf = 0.9·[0.7,−0.6] + g = [1.295, −1.11]
  // w = [0.93 − 0.1295, −1.94 + 0.111] = [0.8005, −1.829]
  sgd.step(params, { w: grad });
  assert.deepEqual([...w.dataSync()].map((v) => +v.toFixed(6)), [0.8005, -1.829]);
  sgd.dispose();
  w.dispose();
  grad.dispose();
});

test("vanilla SGD allocates nothing that outlives a step", () => {
  const w = tf.variable(tf.ones([3]));
  const params = new Map([["w", w]]);
  const sgd = new Sgd({ lr: 0.5, momentum: 0, weightDecay: 0 });
  const grad = tf.ones([3]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) sgd.step(params, { w: grad });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual([...w.dataSync()], [-4, -4, -4]);
  tf.dispose([w, grad]);
});

/** A deterministic float32 gradient for step `k` of a parameter of `n` values. */
const gradientAt = (k: number, n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + 0.3 * k) * (1 + (i % 3)));

/** PyTorch's torch.optim.SGD in float64 (reference-spec §4), the reference for both engines. */
function referenceSgd(w: number[], steps: number, lrs: number[], momentum: number, weightDecay: number, nesterov: boolean): number[] {
  let buffer: number[] | null = null;
  for (let k = 0; k < steps; k++) {
    const grad = gradientAt(k, w.length);
    const g = w.map((wi, i) => grad[i]! + weightDecay * wi);
    let direction = g;
    if (momentum !== 0) {
      const next: number[] = buffer ? buffer.map((b, i) => momentum * b + g[i]!) : [...g];
      buffer = next;
      direction = nesterov ? g.map((gi, i) => gi + momentum * next[i]!) : next;
    }
    w = w.map((wi, i) => wi - lrs[k]! * direction[i]!);
  }
  return w;
}

for (const fused of [true, false]) {
  test(`${fused ? "the native update (TensorFlow's apply kernels)" : "the portable update (tfjs ops)"} equals PyTorch's formula, lr changes included`, () => {
    setFusion(fused);
    try {
      const start = Array.from({ length: 12 }, (_, i) => (i - 5.5) / 3);
      // The toy's plateau rule cuts lr by 0.3 mid-run; the image schedule by 0.1.
      const lrs = [0.1, 0.1, 0.03, 0.03, 0.003, 0.003];
      for (const [momentum, weightDecay, nesterov] of [
        [0, 0, false],
        [0, 0.1, false],
        [0.9, 0, false],
        [0.9, 0.1, false],
        [0.5, 5e-4, false],
        [0.9, 0, true],
        [0.9, 0.1, true],
      ] as const) {
        const w = tf.variable(tf.tensor2d(start, [3, 4]));
        const params = new Map([["w", w]]);
        const sgd = new Sgd({ lr: lrs[0]!, momentum, weightDecay, nesterov });
        for (let k = 0; k < lrs.length; k++) {
          sgd.lr = lrs[k]!;
          const grad = tf.tensor2d(gradientAt(k, 12), [3, 4]);
          sgd.step(params, { w: grad });
          grad.dispose();
        }
        const want = referenceSgd(start, lrs.length, lrs, momentum, weightDecay, nesterov);
        const got = [...w.dataSync()];
        const scale = Math.max(...want.map(Math.abs));
        const off = Math.max(...got.map((v, i) => Math.abs(v - want[i]!)));
        assert.ok(off <= 2e-6 * scale, `μ ${momentum}, wd ${weightDecay}, nesterov ${nesterov}: off by ${off} (scale ${scale})\n got  ${got.join(", ")}\n want ${want.join(", ")}`);
        sgd.dispose();
        w.dispose();
      }
    } finally {
      setFusion(true);
    }
  });
}

test("a weight set from outside between steps (a checkpoint loaded) is the one the next step updates", () => {
  const w = tf.variable(tf.tensor1d([1, 2]));
  const params = new Map([["w", w]]);
  const sgd = new Sgd({ lr: 0.5, momentum: 0.9, weightDecay: 0 });
  const grad = tf.tensor1d([1, 1]);
  sgd.step(params, { w: grad });
  w.assign(tf.tensor1d([10, 20]));
  // buf = 0.9·1 + 1 = 1.9; w = [10, 20] − 0.5·1.9
  sgd.step(params, { w: grad });
  assert.deepEqual([...w.dataSync()].map((v) => +v.toFixed(5)), [9.05, 19.05]);
  tf.dispose([w, grad]);
  sgd.dispose();
});

test("momentum buffers saved by slots() and restored continue the run exactly", () => {
  const grad = tf.tensor1d([0.3, -0.7, 0.1]);
  const run = (w: tf.Variable, sgd: Sgd, steps: number) => {
    for (let i = 0; i < steps; i++) sgd.step(new Map([["w", w]]), { w: grad });
  };
  const options = { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 };
  const straight = tf.variable(tf.tensor1d([1, 2, 3]));
  const first = new Sgd(options);
  run(straight, first, 2);
  const resumed = tf.variable(straight.clone());
  const second = new Sgd(options);
  second.restoreSlots(first.slots());
  run(straight, first, 2);
  run(resumed, second, 2);
  assert.deepEqual([...resumed.dataSync()], [...straight.dataSync()]);
  tf.dispose([grad, straight, resumed]);
  first.dispose();
  second.dispose();
});

test("nothing outlives the optimizer: no tfjs tensor, no TensorFlow handle (resource variables included)", () => {
  const nativeHandles = () => (tf.backend() as unknown as { binding: { getNumOfTensors(): number } }).binding.getNumOfTensors();
  const before = { tensors: tf.memory().numTensors, handles: nativeHandles() };
  const w = tf.tidy(() => tf.variable(tf.ones([4, 3])));
  const grad = tf.ones([4, 3]);
  const sgd = new Sgd({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  for (let i = 0; i < 5; i++) {
    sgd.lr = 0.1 / (i + 1);
    sgd.step(new Map([["w", w]]), { w: grad });
  }
  sgd.restoreSlots(sgd.slots());
  sgd.dispose();
  tf.dispose([w, grad]);
  assert.deepEqual({ tensors: tf.memory().numTensors, handles: nativeHandles() }, before);
});
