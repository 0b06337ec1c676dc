import assert from "node:assert/strict";
import { before, test } from "node:test";
import { buildModel, trainableParameterCount } from "./index.ts";
import { forwardBatch, outputShapeOf, useNativeEngine } from "./testing.ts";

before(useNativeEngine);

test("small-resnet has 78,042 parameters on 32×32×3 and 77,754 on 28×28×1", () => {
  const cifar = buildModel("small-resnet", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 });
  assert.equal(trainableParameterCount(cifar), 78_042);
  assert.deepEqual(outputShapeOf(cifar, "layer3.0.relu"), [8, 8, 64]);
  forwardBatch(cifar);
  cifar.dispose();
  const fashion = buildModel("small-resnet", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1 });
  assert.equal(trainableParameterCount(fashion), 77_754);
  assert.deepEqual(outputShapeOf(fashion, "layer3.0.relu"), [7, 7, 64]);
  forwardBatch(fashion);
  fashion.dispose();
});

test("width scales the channels; shortcuts appear only where the shape changes", () => {
  const wide = buildModel("small-resnet", { inputShape: [32, 32, 3], classes: 10, init: "framework", seed: 1, width: 2 });
  assert.deepEqual(outputShapeOf(wide, "conv1"), [32, 32, 32]);
  assert.deepEqual(outputShapeOf(wide, "layer3.0.relu"), [8, 8, 128]);
  assert.deepEqual(
    wide.layers.filter((l) => l.name.endsWith("shortcut.0")).map((l) => l.name),
    ["layer2.0.shortcut.0", "layer3.0.shortcut.0"],
  );
  wide.dispose();
});
