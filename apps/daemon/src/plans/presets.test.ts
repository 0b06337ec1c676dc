import assert from "node:assert/strict";
import { test } from "node:test";
import { planExperiment } from "./presets.ts";
import { validatePlan } from "./validate-plan.ts";

test("figure1-toy expands into four runs, (c) and (d) after (b), with the paper's epochs by default", () => {
  const { runs, options } = planExperiment("figure1-toy", {});
  assert.deepEqual(options, { epochScale: 1, seed: 137 });
  assert.deepEqual(runs.map((r) => [r.key, r.epochs, r.dependsOn]), [
    ["a", 1000, []],
    ["b", 100_000, []],
    ["c", 10_000, ["b"]],
    ["d", 1000, ["b"]],
  ]);
});

test("a shorter epoch budget scales every run", () => {
  const { runs } = planExperiment("figure1-toy", { epochScale: 0.01 });
  assert.deepEqual(runs.map((r) => r.epochs), [10, 1000, 100, 10]);
});

test("bad presets and options are refused with what is allowed", () => {
  assert.throws(() => planExperiment("figure9", {}), /Unknown preset "figure9"; available: figure1-toy/);
  assert.throws(() => planExperiment("figure1-toy", { epochs: 3 }), /no option "epochs"; its options are epochScale, seed/);
  assert.throws(() => planExperiment("figure1-toy", { epochScale: 2 }), /epochScale must be a number from 0.0001 to 1, got 2/);
  assert.throws(() => planExperiment("figure1-toy", { seed: 1.5 }), /seed must be an integer/);
  assert.throws(() => planExperiment("figure1-toy", { seed: "x" }), /seed must be a number, got "x"/);
});

test("plans with cycles, unknown dependencies or duplicate keys are refused", () => {
  const run = (key: string, dependsOn: string[]) => ({ key, title: key, kind: "toy", config: {}, epochs: 1, dependsOn });
  assert.throws(() => validatePlan([run("a", ["b"]), run("b", ["a"])]), /cycle: a → b → a/);
  assert.throws(() => validatePlan([run("a", ["z"])]), /depends on "z", which is not in the plan/);
  assert.throws(() => validatePlan([run("a", []), run("a", [])]), /share the key "a"/);
  assert.doesNotThrow(() => validatePlan([run("a", []), run("b", ["a"]), run("c", ["a", "b"])]));
});

test("table2-ablation: per seed one pre-training run and the eight modes from it and from a random init", () => {
  const { runs } = planExperiment("table2-ablation", { profile: "cpu", seeds: 2 });
  assert.equal(runs.length, 2 * 17);
  const adversarial = runs.filter((r) => r.key.startsWith("adversarial/"));
  assert.equal(adversarial.length, 16);
  for (const run of adversarial) assert.deepEqual(run.dependsOn, [`pretrain/s${/s(\d+)$/.exec(run.key)![1]}`]);
  assert.ok(runs.filter((r) => r.key.startsWith("random/")).every((r) => r.dependsOn.length === 0));
  const pre = runs.find((r) => r.key === "pretrain/s1")!.config as { phase: string; mode: string; confusion: { replicas: number }; dataset: string };
  assert.deepEqual([pre.phase, pre.mode, pre.confusion.replicas, pre.dataset], ["pretrain", "vanilla", 2, "fashion-mnist"]);
  const sota = runs.find((r) => r.key === "adversarial/sota/s1")!.config as { weightDecay: number; momentum: number; start: string };
  assert.deepEqual([sota.weightDecay, sota.momentum, sota.start], [5e-4, 0.9, "dependency"]);
});

test("table2-ablation refuses a dataset that is not on disk, and bad choices, before queueing anything", () => {
  const previous = process.env.MINIMA_DATASETS;
  process.env.MINIMA_DATASETS = "/nonexistent/minima-datasets";
  try {
    assert.throws(() => planExperiment("table2-ablation", { profile: "paper" }), /Dataset cifar10 is missing\. Download/);
  } finally {
    if (previous === undefined) delete process.env.MINIMA_DATASETS;
    else process.env.MINIMA_DATASETS = previous;
  }
  assert.throws(() => planExperiment("table2-ablation", { profile: "gpu" }), /profile must be one of paper, cpu, got "gpu"/);
  assert.throws(() => planExperiment("table2-ablation", { profile: "cpu", model: "vgg16" }), /invalid run|needs/);
});
