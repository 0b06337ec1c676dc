import assert from "node:assert/strict";
import { test } from "node:test";
import type { MetricRow } from "@minima/metrics";
import { MetricRowSet } from "./metric-rows.ts";

const row = (id: number, epoch: number, value = id): MetricRow => ({
  id, runId: "r1", phase: "train", epoch, step: epoch * 10, name: "train_acc", value, time: id,
});

void test("rows from the query and the subscription are merged once each, in id order", () => {
  const set = new MetricRowSet();
  assert.equal(set.add([row(1, 1), row(2, 2), row(3, 3)]), 3);
  assert.equal(set.add([row(3, 3), row(5, 5), row(4, 4)]), 2);
  assert.deepEqual(set.rows().map((r) => r.id), [1, 2, 3, 4, 5]);
  assert.equal(set.size, 5);
});

void test("a replayed row does not replace the one already held", () => {
  const set = new MetricRowSet();
  set.add([row(1, 1, 0.5)]);
  set.add([row(1, 1, 0.9)]);
  assert.equal(set.rows()[0]?.value, 0.5);
});

void test("rows() is recomputed only after something new arrived", () => {
  const set = new MetricRowSet();
  set.add([row(2, 2)]);
  const first = set.rows();
  set.add([row(2, 2)]);
  assert.equal(set.rows(), first);
  set.add([row(1, 1)]);
  assert.notEqual(set.rows(), first);
  assert.deepEqual(set.rows().map((r) => r.id), [1, 2]);
});
