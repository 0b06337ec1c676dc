import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { positiveFraction, type MetricPoint } from "@minima/metrics";
import { initEngine } from "../engine/index.ts";
import { loadWeights, saveWeights } from "../checkpoint/weights-file.ts";
import { figure1Runs, toyRunConfigSchema } from "./toy-config.ts";
import { makeToyData } from "./toy-data.ts";
import { toyInit } from "./toy-mlp.ts";
import { trainToy } from "./train-toy.ts";

const runs = figure1Runs({ epochScale: 0.02, seed: 137 });
const config = (key: string) => runs.find((r) => r.key === key)!.config;

before(async () => {
  const engine = await initEngine();
  assert.equal(engine.backend, "tensorflow");
});

test("the paper's four runs validate against the schema and keep the authors' settings", () => {
  const full = figure1Runs();
  for (const run of full) toyRunConfigSchema.parse(run.config);
  const byKey = Object.fromEntries(full.map((r) => [r.key, r.config]));
  assert.deepEqual(
    ["a", "b", "c", "d"].map((k) => [byKey[k]!.epochs, byKey[k]!.lr, byKey[k]!.lossReduction]),
    [[1000, 0.01, "mean"], [100_000, 0.003, "sum"], [10_000, 0.003, "sum"], [1000, 0.01, "sum"]],
  );
  assert.deepEqual(byKey.d!.augment, { copies: 2, std: 0.1 });
  assert.equal(byKey.d!.weightDecay, 0.1);
  assert.equal(byKey.d!.momentum, 0.9);
  assert.deepEqual(byKey.b!.plateau, { patience: 10_000, factor: 0.3 });
  assert.deepEqual(full.find((r) => r.key === "c")!.dependsOn, ["b"]);
});

test("the toy data: two separated classes, 100 train and 100 test points, fixed by the data seed", () => {
  const data = makeToyData(0);
  assert.equal(data.train.size, 100);
  assert.equal(data.test.size, 100);
  let sumX1 = 0;
  for (let i = 0; i < 100; i++) if (data.train.y[i] === 1) sumX1 += data.train.x[2 * i]!;
  assert.ok(Math.abs(sumX1 / 50 - 0.85) < 0.06, `class-1 mean x ${sumX1 / 50}`);
  assert.deepEqual(makeToyData(0).randomLabels, data.randomLabels);
  const agreement = data.randomLabels.filter((l, i) => l === data.train.y[i]).length;
  assert.ok(agreement > 30 && agreement < 70, `random labels agree with the truth on ${agreement}/100`);
});

test("run (a) learns the true classes, reports every logged epoch and leaks no tensors", async () => {
  const before = tf.memory().numTensors;
  const seen: MetricPoint[] = [];
  const result = await trainToy(config("a"), { onEpoch: (points) => void seen.push(...points) });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(result.trainAcc >= 0.97, `train acc ${result.trainAcc}`);
  assert.ok(result.testAcc >= 0.95, `test acc ${result.testAcc}`);
  const epochs = [...new Set(seen.map((p) => p.epoch))];
  assert.equal(epochs.at(-1), config("a").epochs);
  assert.deepEqual(new Set(seen.map((p) => p.name)), new Set(["train_acc", "train_loss", "test_acc", "test_loss", "lr"]));
  const { width, height, values } = result.raster;
  assert.equal(values.length, width * height);
  const share = positiveFraction(result.raster);
  assert.ok(share > 0.2 && share < 0.8, `class-1 share of the plane ${share}`);
});

test("the same seed trains to the same weights", async () => {
  const a = await trainToy({ ...config("a"), epochs: 3 });
  const b = await trainToy({ ...config("a"), epochs: 3 });
  assert.deepEqual(a.weights["fc3/kernel"]!.values, b.weights["fc3/kernel"]!.values);
});

test("runs (c) and (d) start from (b)'s saved minimum", async () => {
  const b = await trainToy({ ...config("b"), epochs: 20 });
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "minima-toy-")), "b");
  saveWeights(dir, b.weights, { run: "b" });
  const restored = loadWeights(dir);
  assert.deepEqual(restored, b.weights);
  const d = await trainToy({ ...config("d"), epochs: 2 }, { initialWeights: restored });
  assert.equal(d.points.length, 100, "the panel shows the original points, not the noisy copies");
  await assert.rejects(trainToy(config("c")), /starts from another run's weights/);
});

test("a NaN loss stops the run with the epoch", async () => {
  const poisoned = toyInit(1);
  poisoned["fc3/bias"]!.values[0] = Number.NaN;
  await assert.rejects(
    trainToy({ ...config("c"), epochs: 5, logEvery: 1 }, { initialWeights: poisoned }),
    /loss became NaN at epoch 1/,
  );
});
