import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildModel, MODEL_NAMES } from "./index.ts";
import { batchGradients, SMALL_INPUT, useNativeEngine } from "./testing.ts";
import { trainingForward } from "./training-forward.ts";

before(useNativeEngine);

for (const name of MODEL_NAMES) {
  test(`${name}: the same logits and gradients as model.apply in training mode, bit for bit`, () => {
    const model = buildModel(name, { inputShape: SMALL_INPUT[name], classes: 10, init: "paper", seed: 2, width: 0.125 });
    const before = tf.memory().numTensors;
    const ours = batchGradients(model);
    assert.equal(tf.memory().numTensors, before, "trainingForward leaks no tensor");
    const theirs = batchGradients(model, (x) => model.apply(x, { training: true }) as tf.Tensor);
    assert.deepEqual(ours.logits, theirs.logits);
    assert.deepEqual(ours.grads, theirs.grads);
    model.dispose();
  });
}

test("each layer's output is freed once the last layer that reads it has run", () => {
  const model = buildModel("small-resnet", { inputShape: [8, 8, 3], classes: 10, init: "paper", seed: 1, width: 0.25 });
  // Spy on every layer: what it returned, and which outputs were still alive when the head ran.
  const outputs = new Map<string, tf.Tensor>();
  let aliveAtHead: string[] = [];
  const head = model.layers.at(-1)!;
  for (const layer of model.layers) {
    const call = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => {
      if (layer === head) aliveAtHead = [...outputs].filter(([, t]) => !t.isDisposed).map(([name]) => name);
      const out = call(inputs, kwargs) as tf.Tensor;
      outputs.set(layer.name, out);
      return out;
    };
  }
  const alive = (forward: (x: tf.Tensor) => tf.Tensor) => {
    outputs.clear();
    tf.tidy(() => void tf.variableGrads(() => forward(tf.randomNormal([2, 8, 8, 3])).sum(), model.trainableWeights.map((w) => w.read() as tf.Variable)));
    return aliveAtHead;
  };
  // Only the head's own input is still needed; model.apply keeps every layer's output alive.
  assert.deepEqual(alive((x) => trainingForward(model, x)), [model.layers.at(-2)!.name]);
  assert.ok(alive((x) => model.apply(x, { training: true }) as tf.Tensor).length > 20);
  model.dispose();
});

test("a model with more than one input is refused with what it takes", () => {
  const a = tf.input({ shape: [2] });
  const b = tf.input({ shape: [2] });
  const model = tf.model({ name: "two-inputs", inputs: [a, b], outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
  assert.throws(() => trainingForward(model, tf.zeros([1, 2])), /one input and one output; two-inputs has 2 and 1/);
});
