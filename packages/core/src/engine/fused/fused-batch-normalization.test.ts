import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../models/index.ts";
import { saveCheckpoint } from "../../train/checkpoint.ts";
import { initEngine } from "../select-backend.ts";
import { FusedBatchNormalization } from "./fused-batch-normalization.ts";
import { setFusion } from "./fusion.ts";

before(async () => {
  await initEngine();
});

function bnModel(layer: tf.layers.Layer): tf.LayersModel {
  const input = tf.input({ shape: [3, 3, 4] });
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
}

test("keeps tfjs BatchNormalization's weight names and order", () => {
  const fused = bnModel(new FusedBatchNormalization({ name: "bn", momentum: 0.9, epsilon: 1e-5 }));
  const plain = bnModel(tf.layers.batchNormalization({ name: "bn", momentum: 0.9, epsilon: 1e-5 }));
  const names = (m: tf.LayersModel) => m.weights.map((w) => w.originalName);
  assert.deepEqual(names(fused), ["bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"]);
  assert.deepEqual(names(fused), names(plain));
  assert.deepEqual(fused.trainableWeights.map((w) => w.originalName), ["bn/gamma", "bn/beta"]);
  fused.dispose();
  plain.dispose();
});

for (const fused of [true, false]) {
  test(`training output and running mean match tfjs's layer; running variance is PyTorch's unbiased one (fusion ${fused ? "on" : "off"})`, () => {
    setFusion(fused);
    const ours = bnModel(new FusedBatchNormalization({ name: "bn", momentum: 0.9, epsilon: 1e-5 }));
    const theirs = bnModel(tf.layers.batchNormalization({ name: "bn", momentum: 0.9, epsilon: 1e-5 }));
    const x = tf.randomNormal([5, 3, 3, 4], 2, 3, "float32", 5);
    const [a, b] = [ours, theirs].map((m) => tf.tidy(() => (m.apply(x, { training: true }) as tf.Tensor).dataSync()));
    a!.forEach((v, i) => assert.ok(Math.abs(v - b![i]!) < 1e-5, `y[${i}] ${v} vs ${b![i]}`));
    const stats = (m: tf.LayersModel) => m.weights.slice(2).map((w) => w.read().dataSync());
    const [ourMean, ourVar] = stats(ours) as [Float32Array, Float32Array];
    const [theirMean, theirVar] = stats(theirs) as [Float32Array, Float32Array];
    ourMean.forEach((v, i) => assert.ok(Math.abs(v - theirMean[i]!) < 1e-6));
    // 45 values per channel: tfjs moves toward the biased batch variance, PyTorch toward ×45/44.
    ourVar.forEach((v, i) => {
      const batchVar = (theirVar[i]! - 0.9) / 0.1;
      assert.ok(Math.abs(v - (0.9 + 0.1 * batchVar * (45 / 44))) < 1e-5, `variance ${v}`);
    });
    setFusion(true);
    ours.dispose();
    theirs.dispose();
    x.dispose();
  });
}

test("a saved checkpoint's model.json with the fused layer loads back with the same weights and outputs", async () => {
  const model = buildModel("small-cnn", { inputShape: [8, 8, 1], classes: 10, init: "paper", seed: 1, width: 0.25 });
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "minima-fused-bn-")), "ckpt");
  const meta = { epoch: 0, step: 0, phase: "train", lr: 0.1, seed: 1, backend: "tensorflow", configHash: "x", rngState: [1], extra: {} };
  await saveCheckpoint(dir, model, {}, meta);
  const json = JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")) as { modelTopology: object; weightsManifest: [{ weights: tf.io.WeightsManifestEntry[] }] };
  assert.match(JSON.stringify(json.modelTopology), /"class_name":"FusedBatchNormalization"/);
  const weightData = new Uint8Array(readFileSync(path.join(dir, "weights.bin"))).buffer;
  const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
  assert.deepEqual(loaded.weights.map((w) => w.originalName), model.weights.map((w) => w.originalName));
  tf.tidy(() => {
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, "float32", 1);
    assert.deepEqual((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync());
  });
  loaded.dispose();
  model.dispose();
});
