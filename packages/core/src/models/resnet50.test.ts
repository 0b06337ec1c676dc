import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type * as tf from "@tensorflow/tfjs";
import { buildModel, trainableParameterCount } from "./index.ts";
import { forwardBatch, outputShapeOf, useNativeEngine } from "./testing.ts";

let model: tf.LayersModel;

before(async () => {
  await useNativeEngine();
  model = buildModel("resnet50", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 });
});
after(() => model.dispose());

test("ResNet50 has the paper's 23,520,842 parameters at 10 classes", () => {
  assert.equal(trainableParameterCount(model), 23_520_842);
});

test("bottlenecks expand 4×, stride on the 3×3 conv, shortcut where the shape changes", () => {
  assert.deepEqual(outputShapeOf(model, "layer2.0.conv1"), [32, 32, 128]);
  assert.deepEqual(outputShapeOf(model, "layer2.0.conv2"), [16, 16, 128]);
  assert.deepEqual(outputShapeOf(model, "layer2.0.conv3"), [16, 16, 512]);
  assert.deepEqual(model.getLayer("layer1.0.shortcut.0").weights.map((w) => w.shape), [[1, 1, 64, 256]]);
  assert.equal(model.layers.filter((l) => l.name.includes("shortcut.0")).length, 4);
  assert.deepEqual(outputShapeOf(model, "layer4.2.relu"), [4, 4, 2048]);
  assert.deepEqual(model.getLayer("linear").weights.map((w) => w.shape), [[2048, 10], [10]]);
});

test("a forward pass at batch 2 gives finite logits", () => {
  forwardBatch(model);
});
