import type { ImageRunConfig } from "@minima/core";
import assert from "node:assert/strict";
import { test } from "node:test";
import { measureRunConfigSchema } from "./measure-config.ts";
import { listPresets, planExperiment } from "./presets.ts";
import { validatePlan } from "./validate-plan.ts";

const preset = (name: string) => listPresets().find((p) => p.name === name)!;
const defaults = (name: string, overrides: Record<string, number | string> = {}) => ({
  ...Object.fromEntries(preset(name).options.map((o) => [o.name, o.default])),
  ...overrides,
});

test("table1-distances at paper scale: 16 rows × 5 seeds, five training runs and one distance run each", () => {
  const runs = preset("table1-distances").expand(defaults("table1-distances"));
  validatePlan(runs);
  assert.equal(runs.length, 16 * 5 * 6);
  const measure = runs.find((r) => r.key === "cinic10/vgg16/distances/s3")!;
  const config = measureRunConfigSchema.parse(measure.config);
  assert.equal(config.measure, "distances");
  assert.deepEqual(config.checkpoints, {
    W0R: { run: "cinic10/vgg16/random/vanilla/s3", artifact: "checkpoint-epoch-0" },
    WVR: { run: "cinic10/vgg16/random/vanilla/s3", artifact: "weights" },
    WSR: { run: "cinic10/vgg16/random/sota/s3", artifact: "weights" },
    W0A: { run: "cinic10/vgg16/pretrain/s3", artifact: "weights" },
    WVA: { run: "cinic10/vgg16/adversarial/vanilla/s3", artifact: "weights" },
    WSA: { run: "cinic10/vgg16/adversarial/sota/s3", artifact: "weights" },
  });
  assert.deepEqual(measure.dependsOn.sort(), [
    "cinic10/vgg16/adversarial/sota/s3",
    "cinic10/vgg16/adversarial/vanilla/s3",
    "cinic10/vgg16/pretrain/s3",
    "cinic10/vgg16/random/sota/s3",
    "cinic10/vgg16/random/vanilla/s3",
  ]);
  const sota = runs.find((r) => r.key === "cinic10/vgg16/adversarial/sota/s3")!;
  assert.deepEqual(sota.dependsOn, ["cinic10/vgg16/pretrain/s3"]);
  assert.equal((sota.config as ImageRunConfig).epochs, 300, "CINIC-10's schedule (reference-spec §4)");
});

test("table1-distances at CPU scale plans one Fashion-MNIST row; a chosen dataset and model give one row", () => {
  const { runs } = planExperiment("table1-distances", { profile: "cpu", seeds: 2, tensors: "weights-only" });
  assert.deepEqual(runs.filter((r) => r.kind === "measure").map((r) => r.key), ["fashion-mnist/small-cnn/distances/s1", "fashion-mnist/small-cnn/distances/s2"]);
  assert.equal(measureRunConfigSchema.parse(runs.at(-1)!.config).measure, "distances");
  assert.equal((runs.at(-1)!.config as { tensors: string }).tensors, "weights-only");
  const one = preset("table1-distances").expand(defaults("table1-distances", { dataset: "cifar100", model: "resnet18", seeds: 1 }));
  assert.deepEqual(one.map((r) => r.key), [
    "cifar100/resnet18/pretrain/s1",
    "cifar100/resnet18/random/vanilla/s1",
    "cifar100/resnet18/random/sota/s1",
    "cifar100/resnet18/adversarial/vanilla/s1",
    "cifar100/resnet18/adversarial/sota/s1",
    "cifar100/resnet18/distances/s1",
  ]);
});

test("norms and fgsm measure ResNet50 on the four datasets; fgsm attacks the four trained models at ε = 0 … 0.3", () => {
  const normRuns = preset("norms").expand(defaults("norms", { seeds: 1 }));
  assert.deepEqual(normRuns.filter((r) => r.kind === "measure").map((r) => r.key), [
    "cifar10/resnet50/norms/s1",
    "cifar100/resnet50/norms/s1",
    "cinic10/resnet50/norms/s1",
    "restricted-imagenet/resnet50/norms/s1",
  ]);
  const { runs } = planExperiment("fgsm", { profile: "cpu", seeds: 1 });
  const config = measureRunConfigSchema.parse(runs.find((r) => r.kind === "measure")!.config);
  assert.equal(config.measure, "fgsm");
  if (config.measure !== "fgsm") return;
  assert.deepEqual(config.epsilons, [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  assert.deepEqual(Object.keys(config.checkpoints), ["WVR", "WSR", "WVA", "WSA"]);
  assert.equal(config.testSubset, 2000, "the test images the models were evaluated on");
  const fine = planExperiment("fgsm", { profile: "cpu", seeds: 1, epsilonStep: 0.1, epsilonMax: 0.25 });
  assert.deepEqual((fine.runs.at(-1)!.config as { epsilons: number[] }).epsilons, [0, 0.1, 0.2]);
});

test("r-sweep: per seed a random-init baseline and, per R, pre-training with R replicas then vanilla SGD from it", () => {
  const { runs } = planExperiment("r-sweep", { profile: "cpu", seeds: 1 });
  assert.deepEqual(runs.map((r) => [r.key, r.dependsOn]), [
    ["R0/vanilla/s1", []],
    ["R1/pretrain/s1", []],
    ["R1/vanilla/s1", ["R1/pretrain/s1"]],
    ["R2/pretrain/s1", []],
    ["R2/vanilla/s1", ["R2/pretrain/s1"]],
    ["R4/pretrain/s1", []],
    ["R4/vanilla/s1", ["R4/pretrain/s1"]],
  ]);
  assert.equal((runs[5]!.config as ImageRunConfig).confusion!.replicas, 4);
  assert.ok(runs.filter((r) => r.key.endsWith("vanilla/s1")).every((r) => (r.config as ImageRunConfig).mode === "vanilla"));
  assert.throws(() => planExperiment("r-sweep", { replicas: 3 }), /no option "replicas"/);
  assert.throws(() => planExperiment("r-sweep", { rValues: "1,2,100" }), /rValues must be one of auto, 1,2,4/);
});

test("table2-ablation can measure Table 1's distances, norms and FGSM on its own vanilla and SOTA runs", () => {
  const { runs } = planExperiment("table2-ablation", { profile: "cpu", seeds: 2, measures: "distances+norms+fgsm" });
  assert.equal(runs.length, 2 * (17 + 3));
  const distances = runs.find((r) => r.key === "distances/s2")!;
  assert.deepEqual(distances.dependsOn.sort(), ["adversarial/sota/s2", "adversarial/vanilla/s2", "pretrain/s2", "random/sota/s2", "random/vanilla/s2"]);
  const config = measureRunConfigSchema.parse(runs.find((r) => r.key === "fgsm/s1")!.config);
  assert.equal(config.dataset, "fashion-mnist");
  assert.equal(config.model, "small-cnn");
  assert.equal(planExperiment("table2-ablation", { profile: "cpu", seeds: 1 }).runs.length, 17, "no measurements unless asked");
});
