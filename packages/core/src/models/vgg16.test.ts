import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type * as tf from "@tensorflow/tfjs";
import { buildModel, trainableParameterCount } from "./index.ts";
import { forwardBatch, outputShapeOf, useNativeEngine } from "./testing.ts";

let model: tf.LayersModel;

before(async () => {
  await useNativeEngine();
  model = buildModel("vgg16", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 });
});
after(() => model.dispose());

test("VGG16 has the paper's 14,728,266 parameters at 10 classes", () => {
  assert.equal(trainableParameterCount(model), 14_728_266);
});

test("the head follows the class count", () => {
  const hundred = buildModel("vgg16", { inputShape: [32, 32, 3], classes: 100, init: "framework", seed: 1 });
  assert.equal(trainableParameterCount(hundred), 14_728_266 - 5_130 + 51_300);
  hundred.dispose();
});

test("layers carry the reference's features.N indices: conv with bias, BN, ReLU, pools, one linear", () => {
  assert.deepEqual(
    model.getLayer("features.0").weights.map((w) => w.shape),
    [[3, 3, 3, 64], [64]],
  );
  assert.equal(model.getLayer("features.1").getClassName(), "FusedBatchNormalization");
  assert.equal(model.getLayer("features.2").getClassName(), "ReLU");
  assert.equal(model.getLayer("features.6").getClassName(), "MaxPooling2D");
  assert.deepEqual(outputShapeOf(model, "features.43"), [1, 1, 512]);
  assert.deepEqual(model.getLayer("classifier").weights.map((w) => w.shape), [[512, 10], [10]]);
});

test("a forward pass at batch 2 gives finite logits", () => {
  forwardBatch(model);
});
