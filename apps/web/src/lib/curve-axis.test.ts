import assert from "node:assert/strict";
import { test } from "node:test";
import { timeUnit, xValues, type CurveSeries } from "./curve-axis.ts";

const series = (phase: string, name: string, epochs: number[], stepsPerEpoch: number, t0: number): CurveSeries => ({
  phase,
  name,
  epoch: epochs,
  step: epochs.map((e) => e * stepsPerEpoch),
  time: epochs.map((e) => t0 + e * 10_000),
  value: epochs.map((e) => e / 10),
});

// Pre-training for 2 epochs of 100 steps, then training for 3 epochs of 50 steps.
const run = {
  series: [series("pretrain", "train_acc", [1, 2], 100, 1_000_000), series("train", "train_acc", [1, 2, 3], 50, 1_020_000)],
  startedAt: new Date(995_000).toISOString(),
  epochs: 10,
};

void test("epochs and steps run on across phases in the order they ran", () => {
  assert.deepEqual(xValues(run, "epoch"), [[1, 2], [3, 4, 5]]);
  assert.deepEqual(xValues(run, "step"), [[100, 200], [250, 300, 350]]);
});

void test("wall time counts seconds from the run's start, or from its first point when the start is later", () => {
  assert.deepEqual(xValues(run, "time"), [[15, 25], [35, 45, 55]]);
  const resumed = { ...run, startedAt: new Date(1_040_000).toISOString() };
  assert.deepEqual(xValues(resumed, "time"), [[0, 10], [20, 30, 40]]);
  assert.deepEqual(xValues({ ...run, startedAt: null }, "time")[0], [0, 10]);
});

void test("a fraction of training is over the planned epochs, or over those drawn when a run went on longer", () => {
  assert.deepEqual(xValues(run, "fraction"), [[0.1, 0.2], [0.3, 0.4, 0.5]]);
  assert.deepEqual(xValues({ ...run, epochs: 4 }, "fraction")[1]!.at(-1), 1);
});

void test("the time unit fits the longest run", () => {
  assert.deepEqual([timeUnit(90).label, timeUnit(600).label, timeUnit(3 * 3600).label], ["s", "min", "h"]);
});
