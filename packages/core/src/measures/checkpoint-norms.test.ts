import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { saveWeights } from "../checkpoint/weights-file.ts";
import { buildModel } from "../models/index.ts";
import { forwardBatch, useNativeEngine } from "../models/testing.ts";
import { modelWeights, saveCheckpoint, type CheckpointMeta } from "../train/checkpoint.ts";
import { toyInit } from "../toy/toy-mlp.ts";
import { checkpointNorms } from "./checkpoint-norms.ts";
import { pathNorms } from "./path-norms.ts";
import { loadCheckpointModel, readCheckpointWeights } from "./read-checkpoint.ts";
import { toyPathNorms } from "./toy-path-norms.ts";

const dir = mkdtempSync(path.join(tmpdir(), "minima-measures-"));
before(useNativeEngine);
after(() => rmSync(dir, { recursive: true, force: true }));

const META: CheckpointMeta = { epoch: 0, step: 0, phase: "train", lr: 0.1, seed: 1, backend: "tensorflow", configHash: "x", rngState: [1], extra: {} };

const sumOfSquares = (values: Float32Array) => values.reduce((s, v) => s + v * v, 0);

test("an image run's checkpoint: its weights, its model rebuilt with BN statistics, and its three norms", async () => {
  const model = buildModel("small-resnet", { inputShape: [16, 16, 3], classes: 10, init: "paper", seed: 2, width: 0.25 });
  // Non-default running statistics, so a rebuilt model that dropped them would differ.
  const bn = model.getLayer("bn1");
  bn.setWeights(bn.getWeights().map((w, i) => (i < 2 ? w.clone() : w.add(0.5 * i))));
  const saved = path.join(dir, "layers");
  await saveCheckpoint(saved, model, {}, META);

  const read = readCheckpointWeights(saved);
  assert.equal(read.kind, "layers");
  assert.deepEqual(Object.keys(read.weights).sort(), Object.keys(modelWeights(model)).sort());
  const loaded = await loadCheckpointModel(saved);
  assert.deepEqual(forwardBatch(loaded), forwardBatch(model));

  const norms = await checkpointNorms(saved);
  const expected = pathNorms(model);
  assert.equal(norms.l1Path.log10, expected.l1.log10);
  assert.equal(norms.l2Path.log10, expected.l2.log10);
  const trainable = model.trainableWeights.reduce((s, w) => s + sumOfSquares(w.read().dataSync() as Float32Array), 0);
  assert.ok(Math.abs(norms.frobenius - Math.sqrt(trainable)) < 1e-4 * norms.frobenius, `${norms.frobenius} vs ${Math.sqrt(trainable)}`);
  const tensors = tf.memory().numTensors;
  await checkpointNorms(saved, { tensors: "weights-only" });
  assert.equal(tf.memory().numTensors, tensors, "the rebuilt model is disposed");
  model.dispose();
  loaded.dispose();
});

test("a bare weights folder (the toy's) is read as weights and measured as Figure 1's MLP", async () => {
  const weights = toyInit(137);
  const saved = path.join(dir, "toy");
  saveWeights(saved, weights, { kind: "toy" });
  const read = readCheckpointWeights(saved);
  assert.equal(read.kind, "weights");
  assert.deepEqual(read.weights["fc2/kernel"]!.values, weights["fc2/kernel"]!.values);
  const norms = await checkpointNorms(saved);
  assert.deepEqual(norms.l1Path, toyPathNorms(weights).l1);
  await assert.rejects(loadCheckpointModel(saved), /holds bare weights \(weights\.json\), not a layers model/);
});

test("a missing or foreign folder is refused with what a checkpoint folder holds", () => {
  assert.throws(() => readCheckpointWeights(path.join(dir, "nope")), /Checkpoint folder .*nope does not exist/);
  const empty = path.join(dir, "empty");
  mkdirSync(empty);
  assert.throws(() => readCheckpointWeights(empty), /is not a minima checkpoint: it has neither model\.json .* nor weights\.json/);
});
