import assert from "node:assert/strict";
import { test } from "node:test";
import { imageRunConfig } from "./profiles.ts";

test("the learning-rate milestones keep the protocol's shape at any length, never before epoch 1", () => {
  const paper = (epochs?: number) => imageRunConfig({ profile: "paper", phase: "train", dataset: "cifar10", ...(epochs === undefined ? {} : { epochs }) });
  const full = paper();
  assert.ok(full.milestones.every((m) => m >= 1 && m < full.epochs), `the paper's own: ${full.milestones.join(", ")} of ${full.epochs}`);
  assert.deepEqual(paper(1).milestones, full.milestones.map(() => 1), "a 1-epoch run is valid (its milestones rounded to 0 before)");
  const cpu = imageRunConfig({ profile: "cpu", phase: "pretrain", epochs: 1 });
  assert.ok(cpu.milestones.every((m) => m === 1));
});
