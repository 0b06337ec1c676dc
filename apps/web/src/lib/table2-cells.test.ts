import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregate, type TableCell } from "@minima/metrics";
import { agreement, formatDifference, table2CellText, table2PaperNote } from "./table2-cells.ts";

function cell(values: number[], published: TableCell["published"], expected = 5): TableCell {
  const stats = aggregate(values, expected);
  return { stats, published, difference: stats.mean !== null && published ? stats.mean - published.mean : null, runIds: [] };
}

void test("differences are coloured by how far they are from the paper", () => {
  assert.equal(agreement(0), "close");
  assert.equal(agreement(-1), "close");
  assert.equal(agreement(1.5), "near");
  assert.equal(agreement(-5), "near");
  assert.equal(agreement(5.01), "far");
  assert.equal(agreement(-12), "far");
});

void test("differences carry their sign, and zero none", () => {
  assert.equal(formatDifference(0.5121), "+0.512");
  assert.equal(formatDifference(-2.0009), "−2.001");
  assert.equal(formatDifference(-0.0001), "0.000");
});

void test("an incomplete cell shows its seeds, the paper and the difference", () => {
  const text = table2CellText(cell([90, 92], { mean: 90, std: 0.5 }), 5);
  assert.equal(text.value, "91.000 ± 1.000");
  assert.equal(text.seeds, "2/5");
  assert.equal(text.paper, "paper 90.000 ± 0.500");
  assert.equal(text.difference, "+1.000");
  assert.equal(text.agreement, "close");
  assert.equal(text.title, "min 90.000 · max 92.000 · n = 2/5");
});

void test("a complete cell has no seed count", () => {
  assert.equal(table2CellText(cell([1, 2, 3, 4, 5], { mean: 10, std: null }), 5).seeds, null);
  assert.equal(table2CellText(cell([1, 2, 3, 4, 5], { mean: 10, std: null }), 5).paper, "paper 10.000");
});

void test("an empty cell shows a dash beside the paper's value", () => {
  const text = table2CellText(cell([], { mean: 84.838, std: 0.193 }), 5);
  assert.equal(text.value, "–");
  assert.equal(text.paper, "paper 84.838 ± 0.193");
  assert.equal(text.difference, null);
  assert.equal(text.agreement, null);
});

void test("Fashion-MNIST results beside the paper's CIFAR-10 values: the setting is named, nothing coloured", () => {
  const text = table2CellText(cell([80, 82], { mean: 56.024, std: 0.883 }), 5, "CIFAR10 / ResNet18");
  assert.equal(text.paper, "paper, CIFAR10 / ResNet18: 56.024 ± 0.883");
  assert.equal(text.difference, null);
  assert.equal(text.agreement, null);
  const paper = { dataset: "cifar10", model: "resnet18" };
  const other = table2PaperNote({ paper, matches: false }, { dataset: "fashion-mnist", model: "mlp" });
  assert.equal(other, "Paper values: CIFAR10 / ResNet18, shown for orientation only: this experiment trained Fashion-MNIST / mlp, so no difference is taken and nothing is coloured.");
  assert.match(table2PaperNote({ paper, matches: false }, null), /span several settings/);
  assert.match(table2PaperNote({ paper, matches: true }, paper), /^Paper values: CIFAR10 \/ ResNet18, the setting this experiment trained, so each cell shows its difference/);
});
