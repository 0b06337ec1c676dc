import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildModel, MODEL_NAMES } from "../models/index.ts";
import { batchGradients, SMALL_INPUT, useNativeEngine } from "../models/testing.ts";
import { withEagerGradientDisposal } from "./eager-gradients.ts";

before(useNativeEngine);

/**
 * A deep chain of wide layers behind a probe that passes its input through and, in the backward
 * pass, reads how many bytes tfjs holds when the gradient reaches the bottom of the chain.
 */
function bytesAtTheBottom(eager: boolean): { bytes: number; grads: Float32Array[] } {
  return tf.tidy(() => {
    let bytes = 0;
    const probe = tf.customGrad((x) => ({
      value: (x as tf.Tensor).clone(),
      gradFunc: (dy: tf.Tensor) => {
        bytes = tf.memory().numBytes;
        return dy;
      },
    }));
    const weights = Array.from({ length: 8 }, (_, i) => tf.variable(tf.randomNormal([256, 256], 0, 0.1, "float32", i + 1)));
    // A variable, so that the probe is on the path the gradient is taken along.
    const x = tf.variable(tf.randomNormal([2048, 256], 0, 1, "float32", 99));
    const loss = () => weights.reduce((h, w) => tf.relu(tf.matMul(h, w)), probe(x)).sum<tf.Scalar>();
    const run = () => tf.variableGrads(loss, [x, ...weights]);
    const { grads } = eager ? withEagerGradientDisposal(run) : run();
    const values = weights.map((w) => grads[w.name]!.dataSync() as Float32Array);
    [x, ...weights].forEach((v) => v.dispose());
    return { bytes, grads: values };
  });
}

test("inside the scope the backward pass frees each node's saved tensors and gradients as it goes", () => {
  const kept = bytesAtTheBottom(false);
  const freed = bytesAtTheBottom(true);
  // Kept: 8 layers' activations (2 MB each, saved by matMul and ReLU) and every gradient so far.
  assert.ok(freed.bytes < kept.bytes / 2, `held ${freed.bytes} bytes at the bottom with eager freeing, ${kept.bytes} without`);
  // The gradient the probe passed through (its dy, returned as is) survived.
  freed.grads.forEach((g, i) => assert.deepEqual(g, kept.grads[i]));
});

for (const name of MODEL_NAMES) {
  test(`${name}: the same gradients with eager freeing, and no tensor left behind`, () => {
    const model = buildModel(name, { inputShape: SMALL_INPUT[name], classes: 10, init: "paper", seed: 4, width: 0.125 });
    const before = tf.memory().numTensors;
    const eager = batchGradients(model, undefined, withEagerGradientDisposal);
    assert.equal(tf.memory().numTensors, before);
    const plain = batchGradients(model);
    assert.deepEqual(eager.grads, plain.grads);
    model.dispose();
  });
}

test("an op with an output off the gradient's path (no gradient flows into it) is handled", () => {
  tf.tidy(() => {
    const x = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const { grads } = withEagerGradientDisposal(() => tf.variableGrads(() => tf.split(x.mul(3), 2)[0]!.sum<tf.Scalar>(), [x]));
    assert.deepEqual([...grads[x.name]!.dataSync()], [3, 3, 0, 0]);
    x.dispose();
  });
});
