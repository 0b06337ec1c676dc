import assert from "node:assert/strict";
import { test } from "node:test";
import { table1 } from "@minima/metrics";
import { table1ViewRows, type KeyedRun } from "./table1-rows.ts";

const runs: KeyedRun[] = [
  { id: "p", key: "cifar10/resnet18/pretrain/s1", status: "succeeded" },
  { id: "m2", key: "cifar10/resnet18/distances/s2", status: "queued" },
  { id: "m1", key: "cifar10/resnet18/distances/s1", status: "succeeded" },
  { id: "x1", key: "synthetic/small-cnn/distances/s1", status: "failed" },
];

void test("rows still being measured appear empty, with the paper's values and their runs", () => {
  const rows = table1ViewRows(table1([], { expectedSeeds: 2 }), runs);
  assert.deepEqual(
    rows.map((r) => [r.dataset, r.model, r.measureRuns.map((m) => m.id)]),
    [
      ["cifar10", "resnet18", ["m1", "m2"]],
      ["synthetic", "small-cnn", ["x1"]],
    ],
  );
  const cell = rows[0]!.cells["d(W0R,WVR)"];
  assert.equal(cell.stats.mean, null);
  assert.equal(cell.stats.missing, 2);
  assert.deepEqual(cell.published, { mean: 0.953, std: null });
  assert.equal(rows[0]!.paper.matches, true);
  // The paper has no synthetic row: CIFAR10/ResNet18's value, marked as another setting.
  assert.deepEqual(rows[1]!.paper, { paper: { dataset: "cifar10", model: "resnet18" }, matches: false });
  assert.deepEqual(rows[1]!.cells["d(W0R,WVR)"].published, { mean: 0.953, std: null });
});

void test("an ablation's distance runs (keys without a dataset and model) fill the experiment's own row", () => {
  const ablation: KeyedRun[] = [
    { id: "d1", key: "distances/s1", status: "queued" },
    { id: "n1", key: "norms/s1", status: "queued" },
  ];
  const rows = table1ViewRows(table1([], { expectedSeeds: 1 }), ablation, { dataset: "fashion-mnist", model: "mlp" });
  assert.deepEqual(rows.map((r) => [r.dataset, r.model, r.measureRuns.map((m) => m.id)]), [["fashion-mnist", "mlp", ["d1"]]]);
  assert.equal(table1ViewRows(table1([]), ablation).length, 0, "without the experiment's setting the row is unknown");
});

void test("a measured row keeps the table's cells and is not listed twice", () => {
  const table = table1([{ dataset: "cifar10", model: "resnet18", seed: 1, column: "d(W0R,WVR)", value: 0.9, runId: "m1" }], { expectedSeeds: 2 });
  const rows = table1ViewRows(table, runs);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.cells["d(W0R,WVR)"].stats.mean, 0.9);
  assert.deepEqual(rows[0]!.cells["d(W0R,WVR)"].runIds, ["m1"]);
  assert.deepEqual(rows[0]!.measureRuns.map((m) => m.seed), [1, 2]);
});
