import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildModel, trainableParameterCount } from "./index.ts";
import { forwardBatch, outputShapeOf, useNativeEngine } from "./testing.ts";

before(useNativeEngine);

test("small-cnn has 65,834 parameters on 28×28×1 and 66,410 on 32×32×3", () => {
  const fashion = buildModel("small-cnn", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1 });
  assert.equal(trainableParameterCount(fashion), 65_834);
  assert.deepEqual(outputShapeOf(fashion, "pool2"), [7, 7, 64]);
  forwardBatch(fashion);
  fashion.dispose();
  const cifar = buildModel("small-cnn", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 });
  assert.equal(trainableParameterCount(cifar), 66_410);
  forwardBatch(cifar);
  cifar.dispose();
});

test("width scales the channels", () => {
  const half = buildModel("small-cnn", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1, width: 0.5 });
  assert.deepEqual(outputShapeOf(half, "conv1"), [28, 28, 16]);
  assert.deepEqual(outputShapeOf(half, "conv4"), [14, 14, 32]);
  assert.deepEqual(half.getLayer("fc").weights.map((w) => w.shape), [[32, 10], [10]]);
  half.dispose();
});

test("a training-mode pass uses batch statistics and updates BN's moving mean by 0.1 of the batch mean", () => {
  const model = buildModel("small-cnn", { inputShape: [28, 28, 1], classes: 10, init: "framework", seed: 1 });
  const movingMean = () => model.getLayer("bn1").getWeights()[2]!.dataSync()[0]!;
  assert.equal(movingMean(), 0);
  const batchMean = tf.tidy(() => {
    const x = tf.randomNormal([2, 28, 28, 1], 1, 1, "float32", 3);
    const conv = tf.model({ inputs: model.inputs, outputs: model.getLayer("conv1").output });
    const mean = (conv.predict(x) as tf.Tensor).mean([0, 1, 2]).dataSync()[0]!;
    (model.apply(x, { training: true }) as tf.Tensor).dispose();
    return mean;
  });
  assert.ok(Math.abs(movingMean() - 0.1 * batchMean) < 1e-5, `${movingMean()} vs 0.1 × ${batchMean}`);
  model.dispose();
});
