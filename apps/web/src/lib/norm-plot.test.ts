import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregate, CHECKPOINTS, type Checkpoint, type SeedStats } from "@minima/metrics";
import { niceTicks, normPanel, normTickLabel } from "./norm-plot.ts";

void test("ticks fall on 1, 2 or 5 steps inside the range", () => {
  assert.deepEqual(niceTicks(0, 10), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(0.13, 0.61), [0.2, 0.3, 0.4, 0.5, 0.6]);
  assert.deepEqual(niceTicks(3, 3), [3]);
});

void test("a panel keeps the measured checkpoints in order and pads the range around the whiskers", () => {
  const stats = Object.fromEntries(CHECKPOINTS.map((c) => [c, aggregate(c === "WVR" ? [] : c === "W0A" ? [10, 30] : [20], 2)])) as Record<Checkpoint, SeedStats>;
  const panel = normPanel(stats)!;
  assert.deepEqual(panel.points.map((p) => p.checkpoint), ["W0R", "WSR", "W0A", "WVA", "WSA"]);
  assert.deepEqual(panel.points.map((p) => p.init), ["random", "random", "adversarial", "adversarial", "adversarial"]);
  assert.deepEqual([panel.points[2]!.min, panel.points[2]!.mean, panel.points[2]!.max], [10, 20, 30]);
  assert.deepEqual([panel.lo, panel.hi], [8, 32]);
  const empty = Object.fromEntries(CHECKPOINTS.map((c) => [c, aggregate([], 2)])) as Record<Checkpoint, SeedStats>;
  assert.equal(normPanel(empty), null);
});

void test("log10 ticks read as powers of ten", () => {
  assert.equal(normTickLabel(12, true), "10¹²");
  assert.equal(normTickLabel(-3, true), "10⁻³");
  assert.equal(normTickLabel(2.5, true), "316");
  assert.equal(normTickLabel(-1.5, true), "0.0316");
  assert.equal(normTickLabel(12.5, true), "3.16e+12");
  assert.equal(normTickLabel(0.30000000000000004, false), "0.3");
  assert.equal(normTickLabel(1234567, false), "1.2e+6");
});
