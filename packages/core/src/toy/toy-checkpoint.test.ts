import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import type { MetricPoint } from "@minima/metrics";
import { loadWeights } from "../checkpoint/weights-file.ts";
import { initEngine } from "../engine/index.ts";
import type { ToyCheckpointMeta } from "./toy-checkpoint.ts";
import { figure1Runs, type ToyRunConfig } from "./toy-config.ts";
import { toyInit, type NamedWeights } from "./toy-mlp.ts";
import type { ToyStep } from "./toy-trainer.ts";
import { TrainingError, TrainingStopped, trainToy } from "./train-toy.ts";

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "minima-toy-checkpoint-"));
  dirs.push(dir);
  return dir;
};

before(async () => {
  await initEngine();
});
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Run (b) at 30 epochs: its train accuracy stalls from epoch 1, so the plateau rule (patience 3)
 * cuts the lr at epochs 4, 7, 10, 13, …; stopped after epoch 11 it is one epoch into a count.
 * Run (d) at 6 epochs: augmented (300 points), momentum 0.9, weight decay 0.1, from given weights.
 */
const CASES: Array<{ key: string; config: ToyRunConfig; stopAfter: number; stepsPerEpoch: number; initialWeights?: NamedWeights }> = [
  { key: "b", config: figure1Runs({ epochScale: 0.0003, seed: 137 }).find((r) => r.key === "b")!.config, stopAfter: 11, stepsPerEpoch: 10 },
  {
    key: "d",
    config: figure1Runs({ epochScale: 0.006, seed: 137 }).find((r) => r.key === "d")!.config,
    stopAfter: 2,
    stepsPerEpoch: 30,
    initialWeights: toyInit(5),
  },
];

const withoutTime = (points: MetricPoint[]) => points.map(({ time: _, ...point }) => point);

/** Trains until asked to stop after `stopAfter`; returns the checkpoint it wrote and its meta. */
async function stopAfter(config: ToyRunConfig, stopAfterEpoch: number, hooks: Parameters<typeof trainToy>[1]) {
  const dir = scratch();
  const reported: Array<{ name: string; meta: ToyCheckpointMeta }> = [];
  const error = await trainToy(config, {
    ...hooks,
    stop: { requested: (epoch) => epoch >= stopAfterEpoch, checkpointDir: (name) => path.join(dir, name), onCheckpoint: (name, meta) => void reported.push({ name, meta }) },
  }).then(
    () => assert.fail("the run finished instead of stopping"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof TrainingStopped, `stopped as asked, not: ${String(error)}`);
  assert.equal(error.epoch, stopAfterEpoch);
  assert.deepEqual(reported.map((r) => r.name), [`epoch-${stopAfterEpoch}`], "one checkpoint, named as image runs name theirs");
  assert.equal(error.checkpoint, path.join(dir, `epoch-${stopAfterEpoch}`));
  return { checkpoint: error.checkpoint, meta: reported[0]!.meta };
}

for (const step of ["js", "tfjs"] as ToyStep[]) {
  for (const { key, config, stopAfter: k, stepsPerEpoch, initialWeights } of CASES) {
    test(`run (${key})'s config stopped after epoch ${k} and resumed ends bit for bit where an uninterrupted run does (${step} step)`, async () => {
      const tensors = tf.memory().numTensors;
      const straight: MetricPoint[] = [];
      const whole = await trainToy(config, { step, initialWeights, onEpoch: (points) => void straight.push(...points) });

      const split: MetricPoint[] = [];
      const { checkpoint, meta } = await stopAfter(config, k, { step, initialWeights, onEpoch: (points) => void split.push(...points) });
      assert.deepEqual(readdirSync(checkpoint).sort(), ["meta.json", "optimizer", "weights.bin", "weights.json"]);
      assert.equal(Object.keys(loadWeights(path.join(checkpoint, "optimizer"))).length, config.momentum > 0 ? 6 : 0, "the momentum buffers, when there is momentum");
      assert.deepEqual([meta.epoch, meta.step, meta.toyStep], [k, k * stepsPerEpoch, step]);
      if (key === "b") assert.ok(meta.extra.sinceBest > 0 && meta.lr < config.lr, `stopped mid-way through a plateau count, its lr cut: ${JSON.stringify(meta)}`);

      // No `step`: a resumed run keeps the one its checkpoint was trained with.
      const resumed = await trainToy(config, { resumeFrom: checkpoint, onEpoch: (points) => void split.push(...points) });
      assert.equal(resumed.step, step);
      assert.deepEqual(withoutTime(split), withoutTime(straight), "every logged metric, each epoch once");
      assert.deepEqual(resumed.weights, whole.weights);
      assert.deepEqual(resumed.raster, whole.raster);
      assert.equal(tf.memory().numTensors, tensors, "no tensors leaked");
    });
  }
}

test("a stop is asked after every epoch but the last; asked at none, the run just finishes", async () => {
  const config = { ...CASES[0]!.config, epochs: 4 };
  const asked: number[] = [];
  const dir = scratch();
  await trainToy(config, { step: "js", stop: { requested: (epoch) => asked.push(epoch) < 0, checkpointDir: (name) => path.join(dir, name) } });
  assert.deepEqual(asked, [1, 2, 3]);
  assert.deepEqual(readdirSync(dir), [], "no checkpoint without a stop");
});

test("a cancel ends the run before its next epoch and writes no checkpoint", async () => {
  const dir = scratch();
  const cancel = new AbortController();
  await assert.rejects(
    trainToy(CASES[0]!.config, {
      step: "js",
      signal: cancel.signal,
      onEpoch: (_, epoch) => void (epoch === 2 && cancel.abort()),
      stop: { requested: () => false, checkpointDir: (name) => path.join(dir, name) },
    }),
    (error: unknown) => error instanceof TrainingError && error.message === "cancelled",
  );
  assert.deepEqual(readdirSync(dir), []);
});

test("a checkpoint resumes only the configuration that wrote it", async () => {
  const { checkpoint } = await stopAfter(CASES[0]!.config, 2, { step: "js" });
  await assert.rejects(trainToy({ ...CASES[0]!.config, lr: 0.01 }, { resumeFrom: checkpoint }), /belongs to another configuration; it cannot resume this run/);
  await assert.rejects(trainToy(CASES[0]!.config, { resumeFrom: path.join(checkpoint, "missing") }), /is not a readable toy checkpoint/);
  assert.ok(!existsSync(`${checkpoint}.partial`), "written under a temporary name, then renamed");
});
