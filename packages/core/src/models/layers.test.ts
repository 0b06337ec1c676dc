import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { LayerBuilder } from "./layers.ts";
import { useNativeEngine } from "./testing.ts";

before(useNativeEngine);

/** PyTorch's conv with an all-ones 3×3 kernel and padding 1: a sum over each (clipped) window. */
function windowSums(x: number[][], stride: number): number[][] {
  const n = x.length;
  const out: number[][] = [];
  for (let i = 0; i * stride < n; i++) {
    const row: number[] = [];
    for (let j = 0; j * stride < n; j++) {
      let sum = 0;
      for (let r = i * stride - 1; r <= i * stride + 1; r++)
        for (let c = j * stride - 1; c <= j * stride + 1; c++) sum += x[r]?.[c] ?? 0;
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

for (const stride of [1, 2]) {
  test(`a 3×3 conv at stride ${stride} pads one pixel on every side, as PyTorch does`, () => {
    const layers = new LayerBuilder("framework", 0, 1);
    const input = tf.input({ shape: [6, 6, 1] });
    const model = tf.model({ inputs: input, outputs: layers.conv(input, "conv", 1, { stride }) });
    const conv = model.getLayer("conv");
    tf.tidy(() => conv.setWeights([tf.ones([3, 3, 1, 1])]));
    const x = Array.from({ length: 6 }, (_, r) => Array.from({ length: 6 }, (_, c) => r * 6 + c + 1));
    const y = tf.tidy(() => (model.predict(tf.tensor4d(x.flat(), [1, 6, 6, 1])) as tf.Tensor).squeeze().arraySync());
    assert.deepEqual(y, windowSums(x, stride));
    model.dispose();
  });
}

test("BatchNorm has PyTorch's momentum 0.1 (tfjs 0.9) and epsilon 1e-5", () => {
  const layers = new LayerBuilder("paper", 0, 1);
  const input = tf.input({ shape: [4, 4, 2] });
  const model = tf.model({ inputs: input, outputs: layers.batchNorm(input, "bn") });
  const config = model.getLayer("bn").getConfig();
  assert.equal(config.momentum, 0.9);
  assert.equal(config.epsilon, 1e-5);
  model.dispose();
});
