import assert from "node:assert/strict";
import { test } from "node:test";
import {
  FINISHED_STATUSES,
  LIVE_STATUSES,
  RUN_ACTIONS,
  RUN_STATUSES,
  allowedFrom,
  emptyRunCounts,
  eventOfStatus,
  experimentStatus,
  isFinished,
  mayAsk,
  userActions,
  type RunStatus,
} from "./run-lifecycle.ts";

void test("every status is either live or finished, never both", () => {
  assert.deepEqual([...LIVE_STATUSES, ...FINISHED_STATUSES].sort(), [...RUN_STATUSES].sort());
  for (const status of RUN_STATUSES) assert.equal(isFinished(status), !(LIVE_STATUSES as readonly string[]).includes(status));
});

void test("each status offers the buttons the daemon accepts", () => {
  assert.deepEqual(userActions("queued"), ["pause", "cancel"]);
  assert.deepEqual(userActions("running"), ["pause", "cancel"]);
  assert.deepEqual(userActions("paused"), ["resume", "cancel"]);
  assert.deepEqual(userActions("blocked"), ["cancel"]);
  assert.deepEqual(userActions("failed"), ["retry"]);
  assert.deepEqual(userActions("cancelled"), ["retry"]);
  assert.deepEqual(userActions("succeeded"), []);
  assert.deepEqual(userActions("running", "pause"), ["cancel"]);
  assert.deepEqual(userActions("running", "cancel"), []);
});

void test("a pending stop is replaced only by a stronger one", () => {
  assert.equal(mayAsk("pause", "running", null), true);
  assert.equal(mayAsk("pause", "running", "pause"), false, "asked once is enough");
  assert.equal(mayAsk("cancel", "running", "pause"), true, "a cancel overrides a pending pause");
  assert.equal(mayAsk("cancel", "running", "cancel"), false);
  assert.equal(mayAsk("pause", "queued", null), false, "a queued run is paused at once, not asked");
});

void test("a finished run changes only through retry or requeue; a succeeded one never", () => {
  for (const [action, rule] of Object.entries(RUN_ACTIONS)) {
    const reaches: readonly RunStatus[] = [...rule.from, ...("asks" in rule ? rule.asks : [])];
    if (reaches.includes("succeeded")) assert.fail(`${action} would change a succeeded run (its results may feed other runs)`);
    if (reaches.some((s) => isFinished(s))) assert.ok(["retry", "requeue"].includes(action), `${action} changes a finished run`);
  }
});

void test("only a daemon moves a run out of running; a user only asks", () => {
  for (const [action, rule] of Object.entries(RUN_ACTIONS)) {
    if (rule.by === "user") assert.ok(!(rule.from as readonly string[]).includes("running"), `${action} changes a running run directly`);
  }
  assert.deepEqual(allowedFrom("claim"), ["queued"]);
  assert.deepEqual(allowedFrom("finish"), ["running"]);
});

void test("the event of an ending names its status; queued again is a requeue", () => {
  assert.equal(eventOfStatus("succeeded"), "run.succeeded");
  assert.equal(eventOfStatus("paused"), "run.paused");
  assert.equal(eventOfStatus("queued"), "run.requeued");
});

void test("an experiment shows its most telling run status", () => {
  const counts = (over: Partial<ReturnType<typeof emptyRunCounts>>) => ({ ...emptyRunCounts(), ...over });
  assert.equal(experimentStatus(counts({ succeeded: 3 })), "succeeded");
  assert.equal(experimentStatus(counts({ succeeded: 3, running: 1, failed: 1 })), "running");
  assert.equal(experimentStatus(counts({ failed: 1, queued: 4 })), "failed");
  assert.equal(experimentStatus(counts({ queued: 1, paused: 1 })), "queued");
  assert.equal(experimentStatus(counts({ paused: 1, blocked: 2 })), "paused");
  assert.equal(experimentStatus(counts({ blocked: 1, cancelled: 1 })), "blocked");
  assert.equal(experimentStatus(counts({ cancelled: 2, succeeded: 1 })), "cancelled");
});
