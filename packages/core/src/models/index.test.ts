import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildModel, MODEL_NAMES, ModelConfigError, trainableParameterCount, type ModelName, type ModelOptions } from "./index.ts";
import { useNativeEngine } from "./testing.ts";

const cifar: ModelOptions = { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 };

before(useNativeEngine);

function rejects(name: string, options: Partial<ModelOptions>, message: RegExp): void {
  assert.throws(
    () => buildModel(name as ModelName, { ...cifar, ...options }),
    (error: unknown) => error instanceof ModelConfigError && message.test(error.message),
  );
}

test("the registry lists the seven models", () => {
  assert.deepEqual([...MODEL_NAMES], ["mlp", "small-cnn", "small-resnet", "vgg16", "resnet18", "resnet50", "densenet-bc-40"]);
});

test("an unknown name is rejected with the allowed names", () => {
  rejects("resnet34", {}, /Unknown model "resnet34"; expected one of mlp, small-cnn, small-resnet, vgg16, resnet18, resnet50, densenet-bc-40/);
});

test("VGG16 on 28×28 says it needs 32×32 and what takes any size", () => {
  rejects("vgg16", { inputShape: [28, 28, 1] }, /vgg16 .* must be 32–63 \(the paper uses 32×32\); got 28×28\. Pad or resize .* small-cnn/);
  rejects("vgg16", { inputShape: [64, 64, 3] }, /got 64×64/);
});

test("images too small for a model's downsampling are rejected", () => {
  rejects("resnet18", { inputShape: [4, 4, 3] }, /resnet18 halves the image 3 times, so height and width must be at least 8; got 4×4/);
  rejects("densenet-bc-40", { inputShape: [3, 8, 3] }, /at least 4; got 3×8/);
});

test("malformed options are rejected with what was expected", () => {
  rejects("mlp", { classes: 1 }, /classes must be an integer of at least 2 .*got 1\./);
  rejects("mlp", { classes: 2.5 }, /got 2\.5/);
  rejects("mlp", { inputShape: [32, 32] as unknown as [number, number, number] }, /inputShape must be \[height, width, channels\].*got \[32,32\]/);
  rejects("mlp", { inputShape: [32, 0, 3] }, /positive integers/);
  rejects("mlp", { init: "xavier" as "paper" }, /init must be "paper" or "framework"; got "xavier"/);
  rejects("mlp", { seed: 0.5 }, /seed must be an integer from 0 to 4294967295; got 0\.5/);
  rejects("mlp", { seed: -1 }, /got -1/);
  rejects("small-cnn", { width: 0 }, /width must be a positive number .*got 0/);
});

test("building and disposing leaves no tensors behind, under either init", () => {
  for (const init of ["paper", "framework"] as const) {
    const before = tf.memory().numTensors;
    const model = buildModel("small-resnet", { ...cifar, init });
    assert.ok(tf.memory().numTensors > before);
    model.dispose();
    assert.equal(tf.memory().numTensors, before, init);
  }
});

test("trainableParameterCount counts BN γ/β but not the moving statistics", () => {
  const model = buildModel("small-cnn", { ...cifar, inputShape: [28, 28, 1] });
  const bnChannels = 32 + 32 + 64 + 64;
  assert.equal(trainableParameterCount(model), 65_834);
  assert.equal(model.countParams(), 65_834 + 2 * bnChannels);
  model.dispose();
});
