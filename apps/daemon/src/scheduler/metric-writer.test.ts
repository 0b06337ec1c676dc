import { createExperiment, ensureAdmin, metricsOf } from "@minima/db";
import { createTestDatabase } from "@minima/db/testing";
import type { MetricPoint, MetricRow } from "@minima/metrics";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { EventBus } from "../daemon/event-bus.ts";
import { MetricWriter } from "./metric-writer.ts";

const testDb = await createTestDatabase("pglite");
const { db } = testDb.database;
let runIds: Record<string, string> = {};
before(async () => {
  const admin = (await ensureAdmin(db))!;
  const runs = ["watched", "unwatched", "big"].map((key) => ({ key, title: key, kind: "toy", config: {}, epochs: 1, dependsOn: [] }));
  ({ runIds } = await createExperiment(db, { ownerId: admin.user.id, preset: "test", title: "metric writer", options: {}, runs }));
});
after(() => testDb.dispose());

let step = 0;
const points = (n: number): MetricPoint[] => Array.from({ length: n }, () => ({ phase: "train", epoch: 1, step: ++step, name: "step_loss", value: step / 10, time: Date.now() }));

/** Resolves with the time the first batch of `runId` reached the bus, and the batch. */
function firstBatch(bus: EventBus, runId: string, signal: AbortSignal): Promise<{ at: number; rows: MetricRow[] }> {
  return (async () => {
    for await (const [rows] of bus.metrics(runId, signal)) return { at: performance.now(), rows };
    throw new Error("no batch");
  })();
}

test("a watched run's points are stored and published within the short window, an unwatched run's wait for the long one", async () => {
  const bus = new EventBus();
  const writer = new MetricWriter(db, bus, { watchedMs: 40, unwatchedMs: 1000 });
  const abort = new AbortController();
  const watched = firstBatch(bus, runIds.watched!, abort.signal);
  const started = performance.now();
  writer.add(runIds.unwatched!, points(3));
  writer.add(runIds.watched!, points(5));
  const batch = await watched;
  // The watched run moved the whole writer's deadline up: both are stored by the same flush.
  assert.ok(batch.at - started < 800, `published after ${(batch.at - started).toFixed(0)} ms`);
  assert.deepEqual(batch.rows.map((row) => row.step), [4, 5, 6, 7, 8]);
  assert.equal((await metricsOf(db, runIds.unwatched!)).length, 3);
  abort.abort();

  // Nobody watches: the points wait for the long window.
  const unwatchedBefore = performance.now();
  writer.add(runIds.unwatched!, points(2));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await metricsOf(db, runIds.unwatched!)).length, 3, "written before the unwatched window ended");
  await writer.flush();
  assert.equal((await metricsOf(db, runIds.unwatched!)).length, 5);
  assert.ok(performance.now() - unwatchedBefore < 1000, "flush() writes at once");
});

test("a full batch is written at once, and a dropped run's points never are", async () => {
  const bus = new EventBus();
  const writer = new MetricWriter(db, bus, { watchedMs: 10_000, unwatchedMs: 10_000, maxBatch: 100 });
  const started = performance.now();
  writer.add(runIds.big!, points(100));
  while ((await metricsOf(db, runIds.big!)).length < 100) {
    assert.ok(performance.now() - started < 5000, "a full batch waited for its window");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  writer.add(runIds.big!, points(7));
  writer.drop(runIds.big!);
  await writer.flush();
  assert.equal((await metricsOf(db, runIds.big!)).length, 100);
});
