import assert from "node:assert/strict";
import { test } from "node:test";
import { sameSetting, settingLabel, singleSetting, table1Comparison, table2Comparison } from "./paper-setting.ts";
import { TABLE1_DATASETS, TABLE1_MODELS } from "./table1-columns.ts";

test("every setting of the paper's Table 1 is compared with its own row", () => {
  for (const dataset of TABLE1_DATASETS) {
    for (const model of TABLE1_MODELS) assert.deepEqual(table1Comparison({ dataset, model }), { paper: { dataset, model }, matches: true });
  }
});

test("a setting the paper lacks is shown beside the nearest row, as not matching", () => {
  assert.deepEqual(table1Comparison({ dataset: "fashion-mnist", model: "mlp" }), { paper: { dataset: "cifar10", model: "resnet18" }, matches: false });
  assert.deepEqual(table1Comparison({ dataset: "synthetic", model: "resnet50" }).paper, { dataset: "cifar10", model: "resnet50" });
  assert.deepEqual(table1Comparison({ dataset: "cinic10", model: "small-cnn" }).paper, { dataset: "cinic10", model: "resnet18" });
});

test("Table 2 matches only ResNet18 on CIFAR-10, and never an unknown setting", () => {
  assert.equal(table2Comparison({ dataset: "cifar10", model: "resnet18" }).matches, true);
  assert.equal(table2Comparison({ dataset: "cifar10", model: "resnet50" }).matches, false);
  assert.equal(table2Comparison({ dataset: "fashion-mnist", model: "resnet18" }).matches, false);
  assert.equal(table2Comparison(null).matches, false);
  assert.equal(sameSetting(null, { dataset: "cifar10", model: "resnet18" }), false);
});

test("an experiment's setting is its one dataset and model, or none when it has several", () => {
  const a = { dataset: "fashion-mnist", model: "mlp" };
  assert.deepEqual(singleSetting([a, { ...a }]), a);
  assert.equal(singleSetting([a, { dataset: "fashion-mnist", model: "small-cnn" }]), null);
  assert.equal(singleSetting([]), null);
});

test("a setting reads with the paper's names", () => {
  assert.equal(settingLabel({ dataset: "cifar10", model: "densenet-bc-40" }), "CIFAR10 / DenseNet40");
  assert.equal(settingLabel({ dataset: "fashion-mnist", model: "mlp" }), "Fashion-MNIST / mlp");
});
