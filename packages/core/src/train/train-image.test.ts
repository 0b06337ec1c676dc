import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import type { MetricPoint } from "@minima/metrics";
import { initEngine, setFusion } from "../engine/index.ts";
import { syntheticDataset } from "../data/index.ts";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import { imageRunConfigSchema, type ImageRunConfig } from "./image-config.ts";
import { trainImage } from "./train-image.ts";
import { buildModel } from "../models/index.ts";

const dataset = syntheticDataset({ size: 256, testSize: 128, height: 12, width: 12, channels: 1, classes: 4, seed: 3 });

const base: ImageRunConfig = imageRunConfigSchema.parse({
  kind: "image",
  dataset: "synthetic",
  trainSubset: null,
  testSubset: null,
  model: "small-cnn",
  width: 0.5,
  init: "paper",
  seed: 7,
  phase: "train",
  start: "random",
  mode: "sota",
  epochs: 4,
  lr: 0.05,
  milestones: [3],
  gamma: 0.1,
  batchSize: 32,
  weightDecay: 5e-4,
  momentum: 0.9,
  confusion: null,
  stopAt: null,
  evalEvery: 1,
  checkpointEvery: 2,
});

const dirs = () => {
  const root = mkdtempSync(path.join(tmpdir(), "minima-train-"));
  return { root, checkpointDir: (name: string) => path.join(root, name) };
};

before(async () => {
  assert.equal((await initEngine()).backend, "tensorflow");
});

test("a SOTA-mode run learns, follows the lr schedule, checkpoints at 0, every N and the end, and leaks no tensors", async () => {
  const tensors = tf.memory().numTensors;
  const { root, checkpointDir } = dirs();
  const points: MetricPoint[] = [];
  const saved: string[] = [];
  const result = await trainImage(base, {
    dataset,
    checkpointDir,
    onEpoch: (p) => void points.push(...p),
    onCheckpoint: (name) => void saved.push(name),
  });
  assert.equal(tf.memory().numTensors, tensors);
  assert.deepEqual(saved, ["epoch-0", "epoch-2", "final"]);
  assert.ok(result.testAcc > 0.5, `test accuracy ${result.testAcc} on a learnable 4-class set`);
  assert.deepEqual(points.filter((p) => p.name === "lr").map((p) => +p.value.toPrecision(6)), [0.05, 0.05, 0.05, 0.005]);
  const meta = loadCheckpoint(path.join(root, "final")).meta;
  assert.equal(meta.epoch, 4);
  assert.equal(meta.step, 4 * Math.ceil(256 / 32));
});

test("a run resumed from a checkpoint continues exactly as the run that never stopped", async () => {
  const straight = dirs();
  const straightPoints: MetricPoint[] = [];
  await trainImage(base, { dataset, checkpointDir: straight.checkpointDir, onEpoch: (p) => void straightPoints.push(...p) });
  const resumed = dirs();
  const resumedPoints: MetricPoint[] = [];
  await trainImage(base, {
    dataset,
    checkpointDir: resumed.checkpointDir,
    resumeFrom: path.join(straight.root, "epoch-2"),
    onEpoch: (p) => void resumedPoints.push(...p),
  });
  const a = loadCheckpoint(path.join(straight.root, "final"));
  const b = loadCheckpoint(path.join(resumed.root, "final"));
  for (const [name, w] of Object.entries(a.weights)) {
    const other = b.weights[name]!.values;
    const maxDiff = w.values.reduce((m, v, i) => Math.max(m, Math.abs(v - other[i]!)), 0);
    assert.ok(maxDiff <= 1e-5, `${name} differs by ${maxDiff}`);
  }
  const later = (ps: MetricPoint[]) => ps.filter((p) => p.epoch > 2).map((p) => [p.epoch, p.name, +p.value.toFixed(5)]);
  assert.deepEqual(later(resumedPoints), later(straightPoints));
  await assert.rejects(
    trainImage({ ...base, lr: 0.1 }, { dataset, checkpointDir: dirs().checkpointDir, resumeFrom: path.join(straight.root, "epoch-2") }),
    /belongs to another configuration/,
  );
});

test("Algorithm 1's pre-training fits random labels and stops at the target accuracy, checked every k epochs", async () => {
  const { checkpointDir } = dirs();
  const checks: number[] = [];
  const result = await trainImage(
    {
      ...base,
      phase: "pretrain",
      mode: "vanilla",
      epochs: 40,
      lr: 0.05,
      milestones: [],
      confusion: { replicas: 1, zeroOutRatio: 0.1, seed: 7 },
      stopAt: { accuracy: 0.3, every: 2 },
      checkpointEvery: 100,
    },
    { dataset, checkpointDir, onEpoch: (p, epoch) => void (p.some((x) => x.name === "train_acc") && checks.push(epoch)) },
  );
  assert.ok(result.stoppedEarly, "stopped once the confusion set was fit to 30%");
  assert.equal(result.epochs % 2, 0, "the stopping rule is only checked every 2 epochs");
  assert.ok(result.epochs < 40);
});

test("fine-tuning starts from the pre-trained weights; a NaN in them stops the run with the epoch", async () => {
  const { root, checkpointDir } = dirs();
  const model = buildModel("small-cnn", { inputShape: [12, 12, 1], classes: 4, init: "paper", seed: 1, width: 0.5 });
  const kernel = model.trainableWeights[0]!;
  tf.tidy(() => {
    kernel.write(tf.fill(kernel.shape as number[], Number.NaN));
  });
  await saveCheckpoint(path.join(root, "poisoned"), model, {}, { epoch: 0, step: 0, phase: "pretrain", lr: 0.1, seed: 1, backend: "tensorflow", configHash: "x", rngState: [1, 2, 3, 4], extra: {} });
  model.dispose();
  await assert.rejects(
    trainImage({ ...base, start: "dependency" }, { dataset, checkpointDir, initialCheckpoint: path.join(root, "poisoned") }),
    /training loss became NaN at epoch 1, step 1/,
  );
  await assert.rejects(trainImage({ ...base, start: "dependency" }, { dataset, checkpointDir }), /no checkpoint was given/);
});

test("a seeded run gives the same curve with the fused kernels on and off", async () => {
  const curve = async (fused: boolean) => {
    setFusion(fused);
    try {
      const points: MetricPoint[] = [];
      await trainImage(base, { dataset, checkpointDir: dirs().checkpointDir, onEpoch: (p) => void points.push(...p) });
      return points.filter((p) => p.name === "train_loss" || p.name === "test_loss").map((p) => [`${p.name} ${p.epoch}`, p.value] as const);
    } finally {
      setFusion(true);
    }
  };
  const fused = await curve(true);
  const plain = await curve(false);
  assert.deepEqual(fused.map(([key]) => key), plain.map(([key]) => key));
  fused.forEach(([key, value], i) => assert.ok(Math.abs(value - plain[i]![1]) <= 1e-4 * Math.abs(plain[i]![1]), `${key}: ${value} fused, ${plain[i]![1]} plain`));
});
