import assert from "node:assert/strict";
import { test } from "node:test";
import { fromColumns, toColumns, type MetricColumns } from "./metric-columns.ts";
import type { MetricRow } from "./metric-point.ts";

const runId = "3f1c0a52-0000-4000-8000-000000000001";
const row = (id: number, phase: string, name: string, step: number, value: number): MetricRow => ({ id, runId, phase, name, epoch: 1 + Math.floor(step / 10), step, value, time: 1_764_000_000_000 + id });

test("columns name each (phase, name) once and give the rows back in order", () => {
  const rows = [row(7, "train", "step_loss", 1, 2.3), row(8, "train", "step_loss", 2, 2.1), row(9, "train", "test_acc", 2, 0.41), row(10, "pretrain", "step_loss", 1, 1.5), row(11, "train", "step_loss", 3, 1.9)];
  const columns = toColumns(runId, rows);
  assert.deepEqual(columns.series, [
    { phase: "train", name: "step_loss" },
    { phase: "train", name: "test_acc" },
    { phase: "pretrain", name: "step_loss" },
  ]);
  assert.deepEqual(columns.seriesOf, [0, 0, 1, 2, 0]);
  assert.deepEqual(fromColumns(columns), rows);
  // What the wire carries survives JSON unchanged.
  assert.deepEqual(fromColumns(JSON.parse(JSON.stringify(columns)) as MetricColumns), rows);
});

test("an empty batch has no series and no rows", () => {
  assert.deepEqual(fromColumns(toColumns(runId, [])), []);
  assert.equal(toColumns(runId, []).series.length, 0);
});

test("a batch of one series is a third of the JSON bytes of its rows", () => {
  const rows = Array.from({ length: 1000 }, (_, i) => row(1_000_000 + i, "train", "step_loss", i, Math.random()));
  const ratio = JSON.stringify(toColumns(runId, rows)).length / JSON.stringify(rows).length;
  assert.ok(ratio < 0.4, `columns/rows bytes ${ratio.toFixed(2)}`);
});
