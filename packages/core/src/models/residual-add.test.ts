import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { saveCheckpoint } from "../train/checkpoint.ts";
import { buildModel } from "./index.ts";
import { isAdd } from "./layer-kinds.ts";
import { ResidualAdd } from "./residual-add.ts";
import { useNativeEngine } from "./testing.ts";

before(useNativeEngine);

test("sums its two inputs and passes the gradient to both, as tfjs's Add does", () => {
  tf.tidy(() => {
    const a = tf.randomNormal([2, 3, 3, 4], 0, 1, "float32", 1);
    const b = tf.randomNormal([2, 3, 3, 4], 0, 1, "float32", 2);
    const weight = tf.randomNormal([2, 3, 3, 4], 0, 1, "float32", 3);
    const layer = new ResidualAdd({ name: "add" });
    const ours = tf.grads((p: tf.Tensor, q: tf.Tensor) => (layer.apply([p, q]) as tf.Tensor).mul(weight).sum())([a, b]);
    const theirs = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.add(p, q).mul(weight).sum())([a, b]);
    assert.deepEqual((layer.apply([a, b]) as tf.Tensor).dataSync(), tf.add(a, b).dataSync());
    ours.forEach((g, i) => assert.deepEqual(g.dataSync(), theirs[i]!.dataSync()));
  });
});

test("inputs of different shapes are refused when the model is built", () => {
  const a = tf.input({ shape: [4, 4, 8] });
  const b = tf.input({ shape: [4, 4, 16] });
  assert.throws(() => new ResidualAdd({ name: "layer1.0.add" }).apply([a, b]), /"layer1.0.add" sums two tensors of one shape, got \[\[null,4,4,8\],\[null,4,4,16\]\]/);
});

test("ResNets sum their shortcuts with it; a checkpoint's model.json loads back with the same outputs", async () => {
  const model = buildModel("small-resnet", { inputShape: [8, 8, 3], classes: 10, init: "paper", seed: 1, width: 0.25 });
  assert.ok(model.layers.filter((l) => l.getClassName() === "ResidualAdd").every(isAdd));
  assert.ok(model.layers.some((l) => l.getClassName() === "ResidualAdd"));
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "minima-residual-add-")), "ckpt");
  const meta = { epoch: 0, step: 0, phase: "train", lr: 0.1, seed: 1, backend: "tensorflow", configHash: "x", rngState: [1], extra: {} };
  await saveCheckpoint(dir, model, {}, meta);
  const json = JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")) as { modelTopology: object; weightsManifest: [{ weights: tf.io.WeightsManifestEntry[] }] };
  const weightData = new Uint8Array(readFileSync(path.join(dir, "weights.bin"))).buffer;
  const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
  tf.tidy(() => {
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, "float32", 1);
    assert.deepEqual((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync());
  });
  loaded.dispose();
  model.dispose();
});
