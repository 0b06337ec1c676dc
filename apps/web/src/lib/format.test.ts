import assert from "node:assert/strict";
import { test } from "node:test";
import { experimentLabel, formatDuration, progress, runDuration, runLabel } from "./format.ts";

void test("progress labels epochs and clamps the fraction", () => {
  assert.deepEqual(progress(450, 1000), { label: "450 / 1,000 epochs", fraction: 0.45 });
  assert.equal(progress(5, 0).fraction, 0);
  assert.equal(progress(12, 10).fraction, 1);
});

void test("durations read in the largest sensible units", () => {
  assert.equal(formatDuration(42_400), "42 s");
  assert.equal(formatDuration(185_000), "3 min 05 s");
  assert.equal(formatDuration(7_620_000), "2 h 07 min");
});

void test("a run's duration runs to now until it finishes", () => {
  const start = "2025-01-01T10:00:00.000Z";
  assert.equal(runDuration({ status: "queued", startedAt: null, activeMs: 0 }, 0), null);
  assert.equal(runDuration({ status: "succeeded", startedAt: start, activeMs: 90_000 }, Date.parse(start) + 3_600_000), "1 min 30 s");
  assert.equal(runDuration({ status: "running", startedAt: start, activeMs: 0 }, Date.parse(start) + 5_000), "5 s");
  assert.equal(runDuration({ status: "running", startedAt: start, activeMs: 60_000 }, Date.parse(start) + 5_000), "1 min 05 s", "earlier attempts count");
  assert.equal(runDuration({ status: "paused", startedAt: start, activeMs: 7_000 }, Date.parse(start) + 3_600_000), "7 s", "a paused run's clock stands still");
});

void test("a run's label carries its key once", () => {
  assert.equal(runLabel({ key: "b", title: "random labels" }), "(b) random labels");
  assert.equal(runLabel({ key: "b", title: "(b) random labels, random init" }), "(b) random labels, random init");
});

void test("a name its owner gave wins over the title; none falls back to it", () => {
  assert.equal(runLabel({ key: "b", title: "random labels", name: "plateau hunt" }), "(b) plateau hunt");
  assert.equal(runLabel({ key: "b", title: "random labels", name: null }), "(b) random labels");
  assert.equal(experimentLabel({ title: "Figure 1: the 2-D toy", name: "lr 0.01" }), "lr 0.01");
  assert.equal(experimentLabel({ title: "Figure 1: the 2-D toy", name: null }), "Figure 1: the 2-D toy");
});
