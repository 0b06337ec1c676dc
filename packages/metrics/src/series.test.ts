import assert from "node:assert/strict";
import { test } from "node:test";
import { epochPoints } from "./metric-point.ts";
import { toSeries } from "./series.ts";

test("toSeries groups by phase and name and orders by epoch", () => {
  const points = [
    ...epochPoints("train", 2, 20, { train_acc: 0.8, test_acc: 0.7 }, 2),
    ...epochPoints("train", 1, 10, { train_acc: 0.5, test_acc: 0.4 }, 1),
    ...epochPoints("pretrain", 1, 10, { train_acc: 0.1 }, 0),
  ];
  const series = toSeries(points);
  const trainAcc = series.find((s) => s.phase === "train" && s.name === "train_acc");
  assert.deepEqual(trainAcc, { phase: "train", name: "train_acc", x: [1, 2], y: [0.5, 0.8] });
  assert.equal(series.length, 3);
});

test("toSeries keeps the last value written for a repeated epoch (a resumed run)", () => {
  const points = [
    ...epochPoints("train", 1, 10, { train_loss: 2 }, 0),
    ...epochPoints("train", 2, 20, { train_loss: 1.5 }, 1),
    ...epochPoints("train", 2, 20, { train_loss: 1.4 }, 2),
  ];
  assert.deepEqual(toSeries(points)[0]?.y, [2, 1.4]);
});

test("epochPoints leaves out metrics that were not measured", () => {
  const points = epochPoints("train", 3, 30, { lr: 0.1 }, 5);
  assert.deepEqual(points, [{ phase: "train", epoch: 3, step: 30, name: "lr", value: 0.1, time: 5 }]);
});
