import assert from "node:assert/strict";
import { test } from "node:test";
import { paperViews, type RunEvidence } from "./paper-views.ts";

const setting = { dataset: "fashion-mnist", model: "mlp" };
const train = (mode: string, replicas: number, where = setting): RunEvidence => ({ kind: "train", mode, replicas, ...where });
const MODES = ["vanilla", "da", "l2", "momentum", "da+l2", "da+momentum", "l2+momentum", "sota"];

test("a Table 2 ablation that also measured distances, norms and FGSM feeds Table 1 and Figures 5–6 too", () => {
  const runs: RunEvidence[] = [
    { kind: "pretrain" },
    ...MODES.flatMap((mode) => [train(mode, 0), train(mode, 20)]),
    { kind: "measure", measure: "distances" },
    { kind: "measure", measure: "norms" },
    { kind: "measure", measure: "fgsm" },
  ];
  assert.deepEqual(paperViews(runs), ["table1", "table2", "figure5", "figure6"]);
  assert.deepEqual(paperViews(runs.filter((r) => r.kind !== "measure")), ["table2"], "without its measures: Table 2 alone");
});

test("an R sweep feeds Figure 4 (vanilla at several R), not Table 2 (one mode)", () => {
  assert.deepEqual(paperViews([train("vanilla", 0), train("vanilla", 1), train("vanilla", 2)]), ["figure4"]);
  assert.deepEqual(paperViews([train("vanilla", 0), train("vanilla", 20), train("sota", 20)]), ["table2"], "one R is no sweep");
});

test("Table 1's checkpoints (vanilla and SOTA) make a partial Table 2, unless they span several settings", () => {
  const cell = (where: typeof setting) => [train("vanilla", 0, where), train("sota", 0, where), train("vanilla", 1, where), train("sota", 1, where)];
  const distances: RunEvidence = { kind: "measure", measure: "distances" };
  assert.deepEqual(paperViews([...cell(setting), distances]), ["table1", "table2"]);
  assert.deepEqual(paperViews([...cell(setting), ...cell({ dataset: "cifar10", model: "resnet18" }), distances]), ["table1"]);
});

test("toy runs feed Figure 1; no runs, no views", () => {
  assert.deepEqual(paperViews([{ kind: "toy" }, { kind: "toy" }]), ["figure1"]);
  assert.deepEqual(paperViews([]), []);
});
