import assert from "node:assert/strict";
import { test } from "node:test";
import { table2, type Table2Measure } from "./table2.ts";

const m = (value: number, seed: number, overrides: Partial<Table2Measure> = {}): Table2Measure => ({
  mode: "vanilla",
  init: "adversarial",
  split: "test",
  seed,
  value,
  ...overrides,
});

test("table2 reports accuracy in percent beside the paper's mean ± std", () => {
  const table = table2([m(0.55, 1), m(0.57, 2)], { setting: { dataset: "cifar10", model: "resnet18" } });
  assert.deepEqual(table.paper, { paper: { dataset: "cifar10", model: "resnet18" }, matches: true });
  assert.deepEqual(
    table.rows.map((r) => r.mode),
    ["vanilla", "da", "l2", "momentum", "da+l2", "da+momentum", "l2+momentum", "sota"],
  );
  const cell = table.rows[0]!.cells.adversarial.test;
  assert.ok(Math.abs(cell.stats.mean! - 56) < 1e-9);
  assert.ok(Math.abs(cell.stats.std! - 1) < 1e-9);
  assert.ok(Math.abs(cell.stats.min! - 55) < 1e-9);
  assert.equal(cell.stats.missing, 3);
  assert.deepEqual(cell.published, { mean: 56.024, std: 0.883 });
  assert.ok(Math.abs(cell.difference! - (56 - 56.024)) < 1e-9);
  // Nothing else was measured, yet the table keeps its shape.
  assert.equal(table.rows[7]!.cells.random.train.stats.n, 0);
  assert.deepEqual(table.rows[1]!.cells.adversarial.train.published, { mean: 99.995, std: 0.003 });
});

test("table2 takes percentages when told, and says so when it was not", () => {
  assert.throws(() => table2([m(95.3, 1)]), /accuracy 95.3 is outside \[0, 1\]\. Pass \{ accuracy: "percent" \}/);
  const table = table2([m(95.3, 1, { mode: "sota", init: "random" })], { accuracy: "percent", expectedSeeds: 1 });
  assert.equal(table.rows[7]!.cells.random.test.stats.mean, 95.3);
  assert.equal(table.rows[7]!.cells.random.test.stats.missing, 0);
});

test("table2 rejects an unknown mode", () => {
  assert.throws(() => table2([m(0.5, 1, { mode: "adam" as never })]), /Table 2 adam\/adversarial\/test: mode must be one of vanilla/);
});

test("table2 of another setting shows the paper's values without a difference", () => {
  for (const setting of [{ dataset: "fashion-mnist", model: "mlp" }, { dataset: "cifar10", model: "vgg16" }, null, undefined]) {
    const table = table2([m(0.55, 1)], setting === undefined ? {} : { setting });
    assert.equal(table.paper.matches, false, JSON.stringify(setting));
    const cell = table.rows[0]!.cells.adversarial.test;
    assert.deepEqual(cell.published, { mean: 56.024, std: 0.883 }, "the paper's value stays beside");
    assert.equal(cell.difference, null, "but it is not an error bar for another setting");
  }
});
