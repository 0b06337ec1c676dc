import assert from "node:assert/strict";
import { test } from "node:test";
import { progressBar, renderWatch, sparkline } from "./curve-view.ts";

test("sparkline: one bar per value from lowest to highest, sampled to the width with the newest kept", () => {
  assert.equal(sparkline([0, 0.5, 1], 10, 0, 1), "▁▅█");
  assert.equal(sparkline([-3, 7], 10, 0, 1), "▁█", "values outside the scale are clamped");
  const long = Array.from({ length: 1000 }, (_, i) => i / 999);
  const line = sparkline(long, 20, 0, 1);
  assert.equal([...line].length, 20);
  assert.equal(line.at(-1), "█");
  assert.equal(line[0], "▁");
});

test("progress bar and the watch view: accuracies in percent or fractions, the latest phase drawn", () => {
  assert.equal(progressBar(5, 10, 10), "[█████░░░░░] 5/10 epochs 50%");
  assert.equal(progressBar(12, 10, 4), "[████] 12/10 epochs 100%");
  const point = (phase: string, epoch: number, name: string, value: number) => ({ phase, epoch, step: 0, name, value, time: 0 });
  const points = [
    point("pretrain", 1, "train_acc", 10),
    point("train", 1, "train_acc", 20),
    point("train", 1, "test_acc", 15),
    point("train", 2, "train_acc", 80),
    point("train", 2, "test_acc", 60),
  ];
  const lines = renderWatch({ runId: "0123456789abcdef", title: "vanilla from random init", status: "running", epoch: 2, epochs: 4, points }, 60);
  assert.equal(lines[0], "run 01234567  vanilla from random init — running");
  assert.match(lines[1]!, /2\/4 epochs 50%/);
  assert.match(lines[2]!, /^train_acc {2}▂▇ 80\.00%$/);
  assert.match(lines[3]!, /^test_acc {3}▂▅ 60\.00%$/);
  assert.match(lines[4]!, /phase train, epoch 2; scale 0–100%/);
  const empty = renderWatch({ runId: "x", title: "t", status: "queued", epoch: 0, epochs: 3, points: [] });
  assert.match(empty[2]!, /no points yet/);
});
