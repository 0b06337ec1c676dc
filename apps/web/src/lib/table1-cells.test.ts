import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregate, type TableCell } from "@minima/metrics";
import { otherSettingOf, relativeAgreement, table1CellText, table1PaperNote } from "./table1-cells.ts";

function cell(values: number[], published: number | null, expected = 5): TableCell {
  const stats = aggregate(values, expected);
  return {
    stats,
    published: published === null ? null : { mean: published, std: null },
    difference: stats.mean !== null && published !== null ? stats.mean - published : null,
    runIds: [],
  };
}

void test("a difference is judged against the size of the paper's distance", () => {
  assert.equal(relativeAgreement(0.09, 0.953), "close");
  assert.equal(relativeAgreement(-0.2, 0.953), "near");
  assert.equal(relativeAgreement(0.5, 0.953), "far");
  // The same absolute 2.0 is close for a distance of 28.7 and far for one of 3.7.
  assert.equal(relativeAgreement(2, 28.669), "close");
  assert.equal(relativeAgreement(2, 3.715), "far");
});

void test("one seed shows its value; several their mean ± std with min and max on hover", () => {
  assert.equal(table1CellText(cell([0.9], 0.953, 1), 1).value, "0.900");
  const text = table1CellText(cell([0.9, 1.0], 0.953), 5);
  assert.equal(text.value, "0.950 ± 0.050");
  assert.equal(text.seeds, "2/5");
  assert.equal(text.paper, "paper 0.953");
  assert.equal(text.difference, "−0.003");
  assert.equal(text.agreement, "close");
  assert.equal(text.title, "mean over seeds · min 0.900 · max 1.000 · n = 2/5 · 3 missing");
});

void test("a complete cell has no seed count, and a row the paper lacks no paper value", () => {
  const text = table1CellText(cell([1, 2], null, 2), 2);
  assert.equal(text.seeds, null);
  assert.equal(text.paper, null);
  assert.equal(text.difference, null);
  assert.equal(text.agreement, null);
});

void test("an empty cell shows a dash beside the paper's value", () => {
  const text = table1CellText(cell([], 3.917), 5);
  assert.equal(text.value, "–");
  assert.equal(text.paper, "paper 3.917");
  assert.equal(text.title, "no seed measured yet (0/5)");
});

void test("a paper value of another setting names it and is never coloured", () => {
  const measured = cell([0.5], 0.953, 1);
  const text = table1CellText(measured, 1, "CIFAR10 / ResNet18");
  assert.equal(text.paper, "paper, CIFAR10 / ResNet18: 0.953");
  assert.equal(text.difference, null);
  assert.equal(text.agreement, null);
});

void test("the caption says which rows are compared with the paper and why others are not", () => {
  const row = (dataset: string, model: string, paper = { dataset, model }, matches = true) => ({ dataset, model, paper: { paper, matches } });
  const resnet = { dataset: "cifar10", model: "resnet18" };
  assert.match(table1PaperNote([row("cifar10", "vgg16")]), /^Each paper value is the paper's row of the same dataset and model\. The difference is green/);
  const cpu = table1PaperNote([row("fashion-mnist", "mlp", resnet, false)]);
  assert.match(cpu, /no row for this setting \(Fashion-MNIST \/ mlp shows CIFAR10 \/ ResNet18's\)/);
  assert.match(cpu, /nothing is coloured/);
  assert.doesNotMatch(cpu, /green/);
  assert.match(table1PaperNote([row("cifar10", "resnet18"), row("fashion-mnist", "mlp", resnet, false)]), /Rows the paper measured are compared with it: The difference is green/);
  assert.equal(otherSettingOf(row("fashion-mnist", "mlp", resnet, false)), "CIFAR10 / ResNet18");
  assert.equal(otherSettingOf(row("cifar10", "resnet18")), null);
});
