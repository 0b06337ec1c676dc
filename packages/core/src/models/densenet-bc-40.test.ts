import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type * as tf from "@tensorflow/tfjs";
import { buildModel, trainableParameterCount } from "./index.ts";
import { forwardBatch, outputShapeOf, useNativeEngine } from "./testing.ts";

let model: tf.LayersModel;

before(async () => {
  await useNativeEngine();
  model = buildModel("densenet-bc-40", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 });
});
after(() => model.dispose());

test("DenseNet-BC-40 has the paper's 176,122 parameters at 10 classes", () => {
  assert.equal(trainableParameterCount(model), 176_122);
});

test("channels go 24 → 96 → 48 → 120 → 60 → 132 at 32/16/8 pixels", () => {
  assert.deepEqual(outputShapeOf(model, "conv1"), [32, 32, 24]);
  assert.deepEqual(outputShapeOf(model, "block1.layer.0.conv1"), [32, 32, 48]);
  assert.deepEqual(outputShapeOf(model, "block1.layer.5.cat"), [32, 32, 96]);
  assert.deepEqual(outputShapeOf(model, "trans1.pool"), [16, 16, 48]);
  assert.deepEqual(outputShapeOf(model, "block2.layer.5.cat"), [16, 16, 120]);
  assert.deepEqual(outputShapeOf(model, "trans2.pool"), [8, 8, 60]);
  assert.deepEqual(outputShapeOf(model, "block3.layer.5.cat"), [8, 8, 132]);
  assert.deepEqual(model.getLayer("fc").weights.map((w) => w.shape), [[132, 10], [10]]);
});

test("no conv has a bias", () => {
  const convs = model.layers.filter((l) => l.getClassName() === "Conv2D");
  assert.equal(convs.length, 1 + 3 * 6 * 2 + 2);
  for (const conv of convs) assert.equal(conv.weights.length, 1, conv.name);
});

test("a forward pass at batch 2 gives finite logits, on CIFAR and on 28×28×1", () => {
  forwardBatch(model);
  const small = buildModel("densenet-bc-40", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1 });
  forwardBatch(small);
  small.dispose();
});
