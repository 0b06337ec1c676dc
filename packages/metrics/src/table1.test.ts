import assert from "node:assert/strict";
import { test } from "node:test";
import { table1, type Table1Measure } from "./table1.ts";
import { columnPair } from "./table1-columns.ts";

const m = (dataset: string, model: string, seed: number, value: number, runId?: string): Table1Measure => ({
  dataset,
  model,
  seed,
  column: "d(W0R,WVR)",
  value,
  ...(runId ? { runId } : {}),
});

test("table1 aggregates each column over seeds beside the published value", () => {
  const table = table1([m("cifar10", "resnet18", 1, 0.95, "r1"), m("cifar10", "resnet18", 2, 0.96, "r2"), m("cifar10", "resnet18", 3, 0.94, "r3")]);
  assert.equal(table.rows.length, 1);
  const cell = table.rows[0]!.cells["d(W0R,WVR)"];
  assert.ok(Math.abs(cell.stats.mean! - 0.95) < 1e-12);
  // Deviations ±0.01 and 0 → population variance 0.0002/3.
  assert.ok(Math.abs(cell.stats.std! - Math.sqrt(0.0002 / 3)) < 1e-12);
  assert.equal(cell.stats.n, 3);
  assert.equal(cell.stats.missing, 2);
  assert.deepEqual(cell.published, { mean: 0.953, std: null });
  assert.ok(Math.abs(cell.difference! - (0.95 - 0.953)) < 1e-12);
  assert.deepEqual(cell.runIds, ["r1", "r2", "r3"]);
  // A column nobody measured is an empty cell, still showing the paper's value.
  const empty = table.rows[0]!.cells["d(W0A,WSA)"];
  assert.deepEqual(empty, { stats: { mean: null, std: null, min: null, max: null, n: 0, missing: 5 }, published: { mean: 12.421, std: null }, difference: null, runIds: [] });
});

test("table1 keeps the paper's row order, then other rows alphabetically", () => {
  const table = table1([
    m("fashion-mnist", "small-cnn", 1, 0.5),
    m("cinic10", "vgg16", 1, 0.8),
    m("cifar10", "vgg16", 1, 0.9),
    m("cifar10", "densenet-bc-40", 1, 0.8),
    m("cifar10", "mlp", 1, 0.7),
  ]);
  assert.deepEqual(
    table.rows.map((r) => `${r.dataset}/${r.model}`),
    ["cifar10/densenet-bc-40", "cifar10/vgg16", "cifar10/mlp", "cinic10/vgg16", "fashion-mnist/small-cnn"],
  );
});

test("a row the paper lacks shows the nearest paper row, labelled and never subtracted", () => {
  const table = table1([m("fashion-mnist", "mlp", 1, 0.5), m("cifar10", "mlp", 1, 0.7), m("fashion-mnist", "vgg16", 1, 0.6), m("cifar10", "resnet18", 1, 0.9)]);
  const byRow = new Map(table.rows.map((r) => [`${r.dataset}/${r.model}`, r]));
  const fashion = byRow.get("fashion-mnist/mlp")!;
  assert.deepEqual(fashion.paper, { paper: { dataset: "cifar10", model: "resnet18" }, matches: false });
  assert.deepEqual(fashion.cells["d(W0R,WVR)"].published, { mean: 0.953, std: null }, "CIFAR10/ResNet18's value, for orientation");
  assert.equal(fashion.cells["d(W0R,WVR)"].difference, null, "a different setting: no difference to colour");
  assert.deepEqual(byRow.get("fashion-mnist/vgg16")!.paper.paper, { dataset: "cifar10", model: "vgg16" }, "the same model on CIFAR-10");
  assert.deepEqual(byRow.get("cifar10/mlp")!.paper.paper, { dataset: "cifar10", model: "resnet18" }, "ResNet18 on the same dataset");
  const same = byRow.get("cifar10/resnet18")!;
  assert.equal(same.paper.matches, true);
  assert.ok(Math.abs(same.cells["d(W0R,WVR)"].difference! - (0.9 - 0.953)) < 1e-12);
});

test("table1 replaces a rerun seed instead of counting it twice", () => {
  const table = table1([m("cifar10", "resnet18", 1, 0.5, "old"), m("cifar10", "resnet18", 1, 0.9, "new")], { expectedSeeds: 1 });
  const cell = table.rows[0]!.cells["d(W0R,WVR)"];
  assert.equal(cell.stats.mean, 0.9);
  assert.equal(cell.stats.n, 1);
  assert.equal(cell.stats.missing, 0);
  assert.deepEqual(cell.runIds, ["new"]);
});

test("table1 lists unmeasured paper rows on request, with the notes", () => {
  const table = table1([], { includeUnmeasured: true });
  assert.equal(table.rows.length, 16);
  assert.match(table.rows[14]!.note!, /arXiv v1/);
  assert.equal(table.rows[0]!.note, null);
});

test("table1 rejects what it cannot average", () => {
  assert.throws(() => table1([m("cifar10", "resnet18", 2, Number.NaN, "r9")]), /Table 1 cifar10\/resnet18 d\(W0R,WVR\), seed 2 \(run r9\): value is NaN/);
  assert.throws(() => table1([{ ...m("cifar10", "resnet18", 1, 1), column: "d(W0,WV)" as never }]), /Unknown Table 1 column "d\(W0,WV\)"/);
  assert.throws(() => table1([m("cifar10", "resnet18", 1.5, 1)]), /seed must be an integer/);
});

test("columnPair names the checkpoints, denominator second", () => {
  assert.deepEqual(columnPair("d(W0A,WSA)"), { from: "W0A", to: "WSA" });
  assert.deepEqual(columnPair("d(W0R,W0A)"), { from: "W0R", to: "W0A" });
});
