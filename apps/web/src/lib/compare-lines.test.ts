import assert from "node:assert/strict";
import { test } from "node:test";
import type { CurveSeries } from "./curve-axis.ts";
import { alignLines, compareRunLabel, metricLines, metricsOf, splitMetric, type ComparedRun } from "./compare-lines.ts";

const series = (name: string, values: number[], phase = "train"): CurveSeries => ({
  phase,
  name,
  epoch: values.map((_, i) => i + 1),
  step: values.map((_, i) => (i + 1) * 10),
  time: values.map((_, i) => 1_000_000 + (i + 1) * 1000),
  value: values,
});
const run = (id: string, label: string, list: CurveSeries[], epochs = 4): ComparedRun => ({ id, label, series: list, startedAt: null, epochs });

const a = run("a", "run a", [series("train_acc", [0.1, 0.2]), series("test_acc", [0.3, 0.4]), series("lr", [0.1, 0.1]), series("train_loss", [2, 1])]);
const b = run("b", "run b", [series("test_acc", [0.5, 0.6, 0.7]), series("distance_w0", [1, 2, 3])]);

void test("metric names split into train/test and what they measure; accuracy and loss come first", () => {
  assert.deepEqual(splitMetric("test_acc"), { split: "test", metric: "acc" });
  assert.deepEqual(splitMetric("lr"), { split: null, metric: "lr" });
  assert.deepEqual(metricsOf([a, b]), ["acc", "loss", "distance_w0", "lr"]);
});

void test("a metric's lines name run, split and metric, test before train, for every run", () => {
  const lines = metricLines([a, b], "acc", "epoch", 0);
  assert.deepEqual(
    lines.map((l) => [l.label, l.runIndex, l.split]),
    [
      ["run a · test accuracy", 0, "test"],
      ["run a · train accuracy", 0, "train"],
      ["run b · test accuracy", 1, "test"],
    ],
  );
  assert.deepEqual(metricLines([a], "lr", "epoch", 0)[0]!.label, "run a · learning rate");
  const aligned = alignLines(lines);
  assert.deepEqual(aligned.x, [1, 2, 3]);
  assert.deepEqual(aligned.values, [[0.3, 0.4, null], [0.1, 0.2, null], [0.5, 0.6, 0.7]]);
});

void test("the x axis and the smoothing change what is drawn", () => {
  const [fraction] = metricLines([b], "acc", "fraction", 0);
  assert.deepEqual(fraction!.x, [0.25, 0.5, 0.75]);
  const [smoothed] = metricLines([b], "acc", "step", 0.5);
  assert.deepEqual(smoothed!.x, [10, 20, 30]);
  assert.equal(smoothed!.y[0], 0.5, "a debiased average starts at the first value");
  assert.ok(smoothed!.y[2]! < 0.7, "and lags behind a rising curve");
  assert.deepEqual(smoothed!.raw, [0.5, 0.6, 0.7], "the values as measured, for the faint line behind");
});

void test("phases measuring the same name make one line", () => {
  const phased = run("p", "phased", [series("train_acc", [0.9, 1], "pretrain"), series("train_acc", [0.2, 0.5, 0.8])]);
  const [line] = metricLines([phased], "acc", "epoch", 0);
  assert.deepEqual([line!.x, line!.y], [[1, 2, 3, 4, 5], [0.9, 1, 0.2, 0.5, 0.8]]);
});

void test("a run is called by its name, else by its short id and key with its experiment", () => {
  const run = { id: "3f2a9c1e-0000-4000-8000-000000000000", key: "b", name: null, experimentTitle: "Figure 1: the 2-D toy", experimentName: null };
  assert.equal(compareRunLabel(run), "3f2a9c1e (b) · Figure 1: the 2-D toy");
  assert.equal(compareRunLabel({ ...run, experimentName: "toy again" }), "3f2a9c1e (b) · toy again");
  assert.equal(compareRunLabel({ ...run, name: "baseline" }), "baseline");
  assert.equal(metricLines([{ ...b, index: 4 }], "acc", "epoch", 0)[0]!.runIndex, 4, "a run keeps its colour when one before it is missing");
});
