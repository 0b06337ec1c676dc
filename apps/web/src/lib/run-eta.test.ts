import assert from "node:assert/strict";
import { test } from "node:test";
import { runEta } from "./run-eta.ts";

void test("the time left follows the pace of the epochs done", () => {
  const startedAt = "2026-01-01T00:00:00.000Z";
  const now = Date.parse(startedAt) + 60_000;
  assert.equal(runEta({ status: "running", epoch: 10, epochs: 40, startedAt, activeMs: 0 }, now), "3 min 00 s");
});

void test("no estimate before the first epoch, when done, or when not running", () => {
  const startedAt = "2026-01-01T00:00:00.000Z";
  const now = Date.parse(startedAt) + 60_000;
  assert.equal(runEta({ status: "running", epoch: 0, epochs: 40, startedAt, activeMs: 0 }, now), null);
  assert.equal(runEta({ status: "running", epoch: 40, epochs: 40, startedAt, activeMs: 0 }, now), null);
  assert.equal(runEta({ status: "paused", epoch: 10, epochs: 40, startedAt, activeMs: 0 }, now), null);
  assert.equal(runEta({ status: "queued", epoch: 0, epochs: 40, startedAt: null, activeMs: 0 }, now), null);
});

void test("a resumed run's pace counts its earlier attempts", () => {
  const startedAt = "2026-01-01T00:00:00.000Z";
  const now = Date.parse(startedAt) + 30_000;
  assert.equal(runEta({ status: "running", epoch: 10, epochs: 40, startedAt, activeMs: 30_000 }, now), "3 min 00 s");
});
