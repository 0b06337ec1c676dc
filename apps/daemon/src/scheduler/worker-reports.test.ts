import { createExperiment, ensureAdmin } from "@minima/db";
import { createTestDatabase } from "@minima/db/testing";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { ArtifactStore } from "../artifacts/artifact-store.ts";
import { EventBus } from "../daemon/event-bus.ts";
import { silentLogger } from "../daemon/logger.ts";
import { DatabaseOutage } from "./database-outage.ts";
import { MetricWriter } from "./metric-writer.ts";
import { RunLog } from "./run-log.ts";
import { workerReports } from "./worker-reports.ts";

const testDb = await createTestDatabase("pglite");
const { db } = testDb.database;
const root = mkdtempSync(path.join(tmpdir(), "minima-reports-"));
const bus = new EventBus();
const logger = silentLogger();
const ctx = {
  db,
  bus,
  store: new ArtifactStore(root),
  daemonId: "test",
  logger,
  runLog: new RunLog(db, logger),
  metrics: new MetricWriter(db, bus),
  outage: new DatabaseOutage(logger, () => 1),
};
let runId = "";
let experimentId = "";
before(async () => {
  const admin = (await ensureAdmin(db))!;
  const runs = [{ key: "a", title: "a", kind: "toy", config: {}, epochs: 1, dependsOn: [] }];
  const created = await createExperiment(db, { ownerId: admin.user.id, preset: "test", title: "reports", options: {}, runs });
  runId = created.runIds.a!;
  experimentId = created.id;
});
after(async () => {
  await ctx.runLog.flushed();
  await testDb.dispose();
  rmSync(root, { recursive: true, force: true });
});

test("an artifact the daemon cannot read fails the run with its path, the cause and what to do, and does not throw past the handler", async () => {
  // The run's folder turned into a file under the worker's feet: reading its checkpoint meets ENOTDIR.
  mkdirSync(path.join(root, "runs"), { recursive: true });
  writeFileSync(path.join(root, "runs", runId), "not a folder");
  const report = workerReports(ctx, { id: runId, experimentId }, () => false);
  await assert.rejects(report({ type: "artifact", name: "weights", kind: "checkpoint" }), (error: Error) => {
    assert.match(error.message, /^Reading its artifact "weights" failed: not a directory \(ENOTDIR\) at /);
    assert.ok(error.message.includes(path.join(root, "runs", runId, "weights")), error.message);
    assert.ok(error.message.includes(`${path.join(root, "runs", runId)} is a file where a folder should be`), error.message);
    assert.match(error.message, /then retry the run\.$/);
    return true;
  });
});

test("a report the database refuses for another reason than an outage fails at once with the database's words, not the statement", async () => {
  // A run the database does not know: recording its checkpoint breaks a foreign key, which no retry mends.
  const ghost = randomUUID();
  mkdirSync(path.join(root, "runs", ghost, "weights"), { recursive: true });
  writeFileSync(path.join(root, "runs", ghost, "weights", "meta.json"), "{}");
  const started = performance.now();
  await assert.rejects(workerReports(ctx, { id: ghost, experimentId }, () => false)({ type: "artifact", name: "weights", kind: "checkpoint" }), (error: Error) => {
    assert.match(error.message, /^Recording its artifact report failed: .*foreign key.* \(23503\)$/);
    assert.doesNotMatch(error.message, /insert into/i);
    return true;
  });
  assert.ok(performance.now() - started < 2000, "not retried");
});
