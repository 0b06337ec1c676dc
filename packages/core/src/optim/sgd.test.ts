import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
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
