import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type * as tf from "@tensorflow/tfjs";
import { buildModel, trainableParameterCount } from "./index.ts";
import { forwardBatch, outputShapeOf, useNativeEngine } from "./testing.ts";

let model: tf.LayersModel;

before(async () => {
  await useNativeEngine();
  model = buildModel("resnet18", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 });
});
after(() => model.dispose());

test("ResNet18 has the paper's 11,173,962 parameters at 10 classes", () => {
  assert.equal(trainableParameterCount(model), 11_173_962);
});

test("at 100 classes it has 11,220,132", () => {
  const hundred = buildModel("resnet18", { inputShape: [32, 32, 3], classes: 100, init: "framework", seed: 1 });
  assert.equal(trainableParameterCount(hundred), 11_220_132);
  hundred.dispose();
});

test("stages run at 32/16/8/4 with a 1×1 conv + BN shortcut only where the shape changes", () => {
  assert.deepEqual(outputShapeOf(model, "layer1.1.relu"), [32, 32, 64]);
  assert.deepEqual(outputShapeOf(model, "layer2.0.conv1"), [16, 16, 128]);
  assert.deepEqual(outputShapeOf(model, "layer3.1.relu"), [8, 8, 256]);
  assert.deepEqual(outputShapeOf(model, "layer4.1.relu"), [4, 4, 512]);
  assert.deepEqual(model.getLayer("layer2.0.shortcut.0").weights.map((w) => w.shape), [[1, 1, 64, 128]]);
  assert.equal(model.getLayer("layer2.0.shortcut.1").getClassName(), "FusedBatchNormalization");
  assert.equal(model.layers.filter((l) => l.name.includes("shortcut.0")).length, 3);
  assert.deepEqual(model.getLayer("conv1").weights.map((w) => w.shape), [[3, 3, 3, 64]], "stem conv has no bias");
  assert.deepEqual(model.getLayer("linear").weights.map((w) => w.shape), [[512, 10], [10]]);
});

test("a forward pass at batch 2 gives finite logits", () => {
  forwardBatch(model);
});

test("it also takes 28×28×1 images (global average pooling)", () => {
  const small = buildModel("resnet18", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1 });
  assert.deepEqual(outputShapeOf(small, "layer4.1.relu"), [4, 4, 512]);
  forwardBatch(small);
  small.dispose();
});
