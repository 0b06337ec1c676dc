import assert from "node:assert/strict";
import { before, test } from "node:test";
import { buildModel, trainableParameterCount } from "./index.ts";
import { forwardBatch, useNativeEngine } from "./testing.ts";

before(useNativeEngine);

test("the MLP is 512-512-classes on flattened pixels", () => {
  const fashion = buildModel("mlp", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1 });
  assert.equal(trainableParameterCount(fashion), 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10);
  assert.equal(trainableParameterCount(fashion), 669_706);
  forwardBatch(fashion);
  fashion.dispose();
  const cifar = buildModel("mlp", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 });
  assert.equal(trainableParameterCount(cifar), 1_841_162);
  forwardBatch(cifar);
  cifar.dispose();
});

test("width scales the hidden units", () => {
  const half = buildModel("mlp", { inputShape: [28, 28, 1], classes: 10, init: "framework", seed: 1, width: 0.5 });
  assert.deepEqual(half.getLayer("fc2").weights.map((w) => w.shape), [[256, 256], [256]]);
  half.dispose();
});
