import assert from "node:assert/strict";
import { test } from "node:test";
import { epochPoints } from "@minima/metrics";
import { curveData } from "./curve-data.ts";
import { overlayCurves, parseCompare } from "./curve-overlay.ts";

void test("runs of different lengths share one epoch axis; a run's missing epochs are null", () => {
  const short = curveData([...epochPoints("train", 1, 10, { test_acc: 0.5 }), ...epochPoints("train", 2, 20, { test_acc: 0.6 })]);
  const long = curveData([1, 2, 3].flatMap((e) => epochPoints("train", e, e * 10, { test_acc: e / 10 })));
  const overlay = overlayCurves([
    { id: "a", data: short },
    { id: "b", data: long },
  ]);
  assert.deepEqual(overlay.x, [1, 2, 3]);
  assert.deepEqual(overlay.values.get("a")!.test_acc, [0.5, 0.6, null]);
  assert.deepEqual(overlay.values.get("b")!.test_acc, [0.1, 0.2, 0.3]);
  assert.deepEqual(overlay.values.get("b")!.train_acc, [null, null, null]);
});

void test("the compare parameter keeps valid run ids once, never the page's own run", () => {
  const own = "11111111-1111-4111-8111-111111111111";
  const other = "22222222-2222-4222-8222-222222222222";
  assert.deepEqual(parseCompare(`${other},${own},not-an-id,${other.toUpperCase()}`, own), [other]);
  assert.deepEqual(parseCompare(null, own), []);
});
