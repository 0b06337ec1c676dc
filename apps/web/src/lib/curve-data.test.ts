import assert from "node:assert/strict";
import { test } from "node:test";
import { epochPoints } from "@minima/metrics";
import { curveData } from "./curve-data.ts";

void test("one column per curve metric, aligned on the epoch axis, lr left out", () => {
  const points = [
    ...epochPoints("train", 1, 10, { train_acc: 0.5, train_loss: 0.7, test_acc: 0.4, test_loss: 0.8, lr: 0.01 }),
    ...epochPoints("train", 2, 20, { train_acc: 0.6, train_loss: 0.6, lr: 0.01 }),
  ];
  const data = curveData(points);
  assert.deepEqual(data.epochs, [1, 2]);
  assert.deepEqual(data.values.train_acc, [0.5, 0.6]);
  assert.deepEqual(data.values.test_acc, [0.4, null]);
  assert.deepEqual(data.values.test_loss, [0.8, null]);
  assert.deepEqual(data.phases, [{ phase: "train", offset: 0 }]);
});

void test("points arriving out of order are drawn in epoch order", () => {
  const points = [
    ...epochPoints("train", 3, 30, { train_acc: 0.9 }),
    ...epochPoints("train", 1, 10, { train_acc: 0.1 }),
    ...epochPoints("train", 2, 20, { train_acc: 0.5 }),
  ];
  assert.deepEqual(curveData(points).values.train_acc, [0.1, 0.5, 0.9]);
});

void test("a second phase continues the epoch axis after the first", () => {
  const points = [
    ...epochPoints("pretrain", 1, 10, { train_acc: 0.2 }),
    ...epochPoints("pretrain", 2, 20, { train_acc: 0.3 }),
    ...epochPoints("train", 1, 10, { train_acc: 0.7 }),
  ];
  const data = curveData(points);
  assert.deepEqual(data.epochs, [1, 2, 3]);
  assert.deepEqual(data.values.train_acc, [0.2, 0.3, 0.7]);
  assert.deepEqual(data.phases, [{ phase: "pretrain", offset: 0 }, { phase: "train", offset: 2 }]);
});

void test("no points, no epochs", () => {
  const data = curveData([]);
  assert.deepEqual(data.epochs, []);
  assert.deepEqual(data.values.train_loss, []);
});
