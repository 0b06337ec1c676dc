import { createExperiment, ensureAdmin, metricsOf, type Db } from "@minima/db";
import { createTestDatabase } from "@minima/db/testing";
import type { MetricPoint, MetricRow } from "@minima/metrics";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { EventBus } from "../daemon/event-bus.ts";
import { silentLogger } from "../daemon/logger.ts";
import { captureLogs } from "../../test/logs.ts";
import { databaseCause } from "./connection-errors.ts";
import { DatabaseOutage } from "./database-outage.ts";
import { MetricWriter } from "./metric-writer.ts";

const testDb = await createTestDatabase("pglite");
const { db } = testDb.database;
let runIds: Record<string, string> = {};
before(async () => {
  const admin = (await ensureAdmin(db))!;
  const runs = ["watched", "unwatched", "big", "outage", "refused"].map((key) => ({ key, title: key, kind: "toy", config: {}, epochs: 1, dependsOn: [] }));
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

/** The database as queries see it while its server restarts: every statement is refused until `back()`. */
function restarting(db: Db): { db: Db; back: () => void } {
  let down = true;
  const refused = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
  const proxy = new Proxy(db, { get: (target, key) => (down && key === "execute" ? refused : (Reflect.get(target, key) as unknown)) });
  return { db: proxy, back: () => void (down = false) };
}

test("while the database is away, points are kept and written in order once it answers again; the outage is said once", async () => {
  const bus = new EventBus();
  const { logger, records } = captureLogs();
  const said = records;
  const outage = new DatabaseOutage(logger, () => 1);
  const server = restarting(db);
  const writer = new MetricWriter(server.db, bus, { watchedMs: 10, unwatchedMs: 10, retry: (write) => outage.retry(write) });
  const abort = new AbortController();
  const published: number[] = [];
  const listening = (async () => {
    for await (const [rows] of bus.metrics(runIds.outage!, abort.signal)) published.push(...rows.map((row) => row.step));
  })().catch(() => undefined);
  const sent: number[] = [];
  // Several timed flushes fail meanwhile; none may lose, reorder or throw its points.
  for (let i = 0; i < 5; i++) {
    const batch = points(3);
    sent.push(...batch.map((p) => p.step));
    writer.add(runIds.outage!, batch);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  assert.equal((await metricsOf(db, runIds.outage!)).length, 0);
  assert.equal(said.length, 1);
  assert.equal(said[0]!.level, "warn");
  assert.match(said[0]!.msg, /^database unreachable since \S+ \(connect ECONNREFUSED 127\.0\.0\.1:5432 \(ECONNREFUSED\)\); 1 run keeps training/);

  server.back();
  await writer.flush();
  const stored = await metricsOf(db, runIds.outage!);
  assert.deepEqual(stored.map((row) => row.step), sent, "every point once, in the order added");
  assert.equal(writer.failureOf(runIds.outage!), undefined);
  assert.deepEqual(published, sent, "and published in that order");
  assert.match(said[1]!.msg, /^database back after \d+ s$/);
  abort.abort();
  await listening;
});

test("a write refused for another reason than an outage fails that run's points at once and spares the others'", async () => {
  const bus = new EventBus();
  const outage = new DatabaseOutage(silentLogger(), () => 2);
  const writer = new MetricWriter(db, bus, { watchedMs: 10_000, unwatchedMs: 10_000, retry: (write) => outage.retry(write) });
  // A run the database does not know: its points break a foreign key, which no retry mends.
  const ghost = crypto.randomUUID();
  writer.add(ghost, points(4));
  writer.add(runIds.refused!, points(2));
  const started = performance.now();
  await writer.flush();
  assert.ok(performance.now() - started < 2000, "not retried");
  assert.match(databaseCause(writer.failureOf(ghost)), /foreign key/);
  assert.equal((await metricsOf(db, runIds.refused!)).length, 2);
  writer.add(ghost, points(1));
  await writer.flush();
  assert.equal(writer.failureOf(runIds.refused!), undefined);
});
