import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initEngine } from "../engine/index.ts";
import { figure1Runs } from "./toy-config.ts";
import { makeToyData } from "./toy-data.ts";
import { toyInit } from "./toy-mlp.ts";
import { makeToyTrainer, type ToyStep } from "./toy-trainer.ts";
import { trainToy } from "./train-toy.ts";

before(async () => {
  await initEngine();
});

/**
 * The "js" step (wasm kernels) and tfjs both sum in float32, in different orders: after 50 steps
 * each weight tensor must agree to 1e-5 of its largest magnitude, each logit to 1e-5 (measured
 * worst ≈2e-7 and ≈4e-7).
 */
const TOLERANCE = 1e-5;

function fiftySteps(step: ToyStep, reduction: "mean" | "sum", sgd: { lr: number; momentum: number; weightDecay: number }) {
  const data = makeToyData(0);
  const trainer = makeToyTrainer(step, toyInit(7), sgd);
  for (let s = 0; s < 50; s++) {
    const start = (s * 10) % 100;
    trainer.trainStep(data.train.x.subarray(2 * start, 2 * start + 20), data.train.y.subarray(start, start + 10), 10, reduction);
  }
  const out = { weights: trainer.weights(), logits: Array.from(trainer.logits(data.test.x, 100)) };
  trainer.dispose();
  return out;
}

for (const [reduction, sgd] of [
  ["sum", { lr: 0.003, momentum: 0, weightDecay: 0 }],
  ["mean", { lr: 0.01, momentum: 0.9, weightDecay: 0.1 }],
] as const) {
  test(`the "js" (wasm) step reproduces the tfjs step (${reduction}, momentum ${sgd.momentum}, weight decay ${sgd.weightDecay})`, () => {
    const before = tf.memory().numTensors;
    const js = fiftySteps("js", reduction, sgd);
    const tfjs = fiftySteps("tfjs", reduction, sgd);
    assert.equal(tf.memory().numTensors, before);
    for (const [key, want] of Object.entries(tfjs.weights)) {
      const got = js.weights[key]!.values;
      const scale = Math.max(...want.values.map(Math.abs));
      const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - want.values[i]!)), 0);
      assert.ok(worst <= TOLERANCE * scale, `${key}: off by ${worst} (largest ${scale})`);
    }
    js.logits.forEach((z, i) => assert.ok(Math.abs(z - tfjs.logits[i]!) <= TOLERANCE * Math.max(1, Math.abs(z)), `logit ${i}: ${z} vs ${tfjs.logits[i]}`));
  });
}

test("a seeded toy run gives the same curve with either step", async () => {
  const config = { ...figure1Runs({ epochScale: 0.02, seed: 137 })[0]!.config, epochs: 20, logEvery: 2 };
  const curves: Record<ToyStep, number[]> = { js: [], tfjs: [] };
  const run = (step: ToyStep) => trainToy(config, { step, onEpoch: (points) => void curves[step].push(...points.filter((p) => p.name === "train_loss").map((p) => p.value)) });
  const js = await run("js");
  const tfjs = await run("tfjs");
  assert.equal(curves.js.length, 10);
  curves.js.forEach((loss, i) => assert.ok(Math.abs(loss - curves.tfjs[i]!) <= TOLERANCE * curves.tfjs[i]!, `loss at log ${i}: ${loss} vs ${curves.tfjs[i]}`));
  assert.equal(js.step, "js");
  assert.equal(tfjs.step, "tfjs");
  assert.equal(js.trainAcc, tfjs.trainAcc);
  assert.equal(js.testAcc, tfjs.testAcc);
  js.raster.values.forEach((v, i) => assert.ok(Math.abs(v - tfjs.raster.values[i]!) <= 0.0011, `raster ${i}`));
});
