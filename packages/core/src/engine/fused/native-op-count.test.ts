import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildModel, trainingForward } from "../../models/index.ts";
import { Sgd } from "../../optim/sgd.ts";
import { initEngine } from "../select-backend.ts";
import { softmaxCrossEntropy } from "./cross-entropy.ts";
import { setFusion } from "./fusion.ts";
import { nativeOpsOf } from "./native-op-count.ts";

before(async () => {
  await initEngine();
});

/**
 * One training step of the CPU reproduction's MLP (784-512-512-10, momentum and weight decay) as
 * the TensorFlow ops it runs. Before the fused update, loss and dense layers it was 107 ops (six
 * per parameter in the update alone); now 42, and 115 with fusion off.
 */
function mlpStepOps(fused: boolean): string[] {
  setFusion(fused);
  try {
    const model = buildModel("mlp", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1 });
    const params = new Map(model.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable]));
    const sgd = new Sgd({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
    const x = tf.randomNormal([16, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5], "int32"), 10).toFloat();
    const step = () => tf.tidy(() => void sgd.minimize(params, () => softmaxCrossEntropy(y, trainingForward(model, x))).dataSync());
    // The first step also makes the momentum buffers.
    step();
    const ops = nativeOpsOf(step);
    sgd.dispose();
    model.dispose();
    tf.dispose([x, y]);
    return ops;
  } finally {
    setFusion(true);
  }
}

const count = (ops: string[], name: string) => ops.filter((op) => op === name).length;

test("an MLP step runs at most 50 TensorFlow ops with the fused kernels, where the tfjs path runs over 100", () => {
  const fused = mlpStepOps(true);
  assert.ok(fused.length <= 50, `${fused.length} ops: ${fused.join(" ")}`);
  // One in-place update per parameter (and one in-place weight decay into its buffer).
  assert.equal(count(fused, "ResourceApplyMomentum"), 6);
  assert.equal(count(fused, "ResourceApplyGradientDescent"), 6);
  // Three forward, three weight gradients, two input gradients: none for the input batch.
  assert.equal(count(fused, "MatMul"), 8);
  const portable = mlpStepOps(false);
  assert.ok(portable.length > 100, `the tfjs path ran ${portable.length} ops`);
});
