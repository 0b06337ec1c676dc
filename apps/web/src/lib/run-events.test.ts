import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunStatus } from "@minima/metrics";
import { applyRunEvent, applyRunEventToList, applyRunEventToRun, classifyRunEvent, mayChangeLists, runsOfList, type RunEvent } from "./run-events.ts";

type Cached = { id: string; title: string; status: RunStatus; epoch: number; epochs: number; stopRequest: "pause" | "cancel" | null; backend: string | null };
const runs: Cached[] = [
  { id: "r1", title: "(a)", status: "running" as const, epoch: 3, epochs: 10, stopRequest: null, backend: "tensorflow (cpu)" },
  { id: "r2", title: "(b)", status: "queued" as const, epoch: 0, epochs: 1000, stopRequest: null, backend: null },
];
const event = (patch: Partial<RunEvent>): RunEvent => ({
  eventId: null, runId: "r1", experimentId: "e1", status: "running", epoch: 4, epochs: 10, stopRequest: null, backend: "tensorflow (cpu)", ...patch,
});

void test("an epoch event moves that run's progress and keeps the other fields", () => {
  const next = applyRunEvent(runs, event({ epoch: 4 }));
  assert.deepEqual(next[0], { id: "r1", title: "(a)", status: "running", epoch: 4, epochs: 10, stopRequest: null, backend: "tensorflow (cpu)" });
  assert.equal(next[1], runs[1]);
  assert.deepEqual(runs[0]?.epoch, 3, "the cached array is not mutated");
});

void test("events about other runs, or repeating what is shown, return the same array", () => {
  assert.equal(applyRunEvent(runs, event({ runId: "elsewhere" })), runs);
  assert.equal(applyRunEvent(runs, event({ epoch: 3 })), runs);
  assert.equal(applyRunEventToRun(runs[0]!, event({ epoch: 3 })), runs[0]);
});

void test("a pause asked of a running run, and the engine it started on, show at once", () => {
  assert.equal(applyRunEventToRun(runs[0]!, event({ epoch: 3, stopRequest: "pause" })).stopRequest, "pause");
  assert.equal(applyRunEventToRun(runs[1]!, event({ runId: "r2", status: "running", epoch: 0, epochs: 1000, backend: "wasm" })).backend, "wasm");
});

void test("events are classified as progress, status change or unknown run", () => {
  assert.equal(classifyRunEvent(runs, event({ epoch: 5 })), "progress");
  assert.equal(classifyRunEvent(runs, event({ status: "succeeded", epoch: 10 })), "status");
  assert.equal(classifyRunEvent(runs, event({ runId: "new" })), "unknown");
  assert.equal(classifyRunEvent([], event({})), "unknown");
});

void test("a status change shows even if only one of several cached copies is stale", () => {
  const copies = [{ ...runs[0]!, status: "succeeded" as const }, runs[0]!];
  assert.equal(classifyRunEvent(copies, event({ status: "succeeded" })), "status");
});

void test("a paged list is patched on the page that shows the run, the other pages kept as they were", () => {
  const page = (ids: string[]) => ({ items: ids.map((id) => ({ id, status: "running" as const, epoch: 1, epochs: 10, stopRequest: null, backend: null })), nextCursor: null, total: 4 });
  const cached = { pages: [page(["a", "b"]), page(["c", "d"])], pageParams: [null, "x"] };
  const tick = event({ runId: "c", experimentId: "e", epoch: 2 });
  const patched = applyRunEventToList(cached, tick);
  assert.notEqual(patched, cached);
  assert.equal(patched.pages[0], cached.pages[0]);
  assert.equal(patched.pages[1]!.items[0]!.epoch, 2);
  assert.deepEqual(runsOfList(patched).map((r) => r.id), ["a", "b", "c", "d"]);
  assert.equal(applyRunEventToList(cached, { ...tick, runId: "zz" }), cached, "an event for a run not listed changes nothing");
  const single = page(["a"]);
  assert.equal(applyRunEventToList(single, { ...tick, runId: "a" }).items[0]!.epoch, 2);
});

void test("only an epoch tick of a running run leaves unloaded list pages alone", () => {
  const update = event({ runId: "x", experimentId: "e", epoch: 3 });
  assert.equal(mayChangeLists(update), false);
  assert.equal(mayChangeLists({ ...update, epoch: 0 }), true);
  assert.equal(mayChangeLists({ ...update, status: "succeeded" }), true);
});
