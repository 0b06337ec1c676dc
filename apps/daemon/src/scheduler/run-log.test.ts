import { createExperiment, ensureAdmin, runLogOf } from "@minima/db";
import { createTestDatabase } from "@minima/db/testing";
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { captureLogs } from "../../test/logs.ts";
import { RunLog } from "./run-log.ts";

const testDb = await createTestDatabase("pglite");
const { db } = testDb.database;
after(() => testDb.dispose());

test("a run's lines on the daemon's log carry its runId and experimentId as fields, at their level; its worker's are stored only", async () => {
  const admin = (await ensureAdmin(db))!;
  const runs = [{ key: "a", title: "a", kind: "toy", config: {}, epochs: 1, dependsOn: [] }];
  const experiment = await createExperiment(db, { ownerId: admin.user.id, preset: "test", title: "run log", options: {}, runs });
  const run = { id: experiment.runIds.a!, experimentId: experiment.id };
  const { logger, records } = captureLogs();
  const runLog = new RunLog(db, logger);

  runLog.write(run, "started on daemon test");
  runLog.write(run, "the daemon shut down; queued again", "warn");
  runLog.fromWorker(run, ["epoch 1: loss 0.5"]);
  await runLog.flushed();

  assert.deepEqual(
    records.map((r) => ({ level: r.level, msg: r.msg, runId: r.runId, experimentId: r.experimentId })),
    [
      { level: "info", msg: "started on daemon test", runId: run.id, experimentId: experiment.id },
      { level: "warn", msg: "the daemon shut down; queued again", runId: run.id, experimentId: experiment.id },
    ],
  );
  const stored = await runLogOf(db, run.id);
  assert.deepEqual(stored.map((l) => [l.source, l.text]), [["daemon", "started on daemon test"], ["daemon", "the daemon shut down; queued again"], ["worker", "epoch 1: loss 0.5"]]);
});
