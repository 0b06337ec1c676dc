import { appendEvent, finishRun, getRun, type Db, type RunRow } from "@minima/db";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ToWorker } from "../worker/messages.ts";
import { databaseCause } from "./connection-errors.ts";
import { commitRunChanges, runUpdate } from "./run-changes.ts";
import type { SchedulerContext } from "./scheduler-context.ts";
import { startPoint } from "./start-point.ts";
import { storageFailure } from "./storage-errors.ts";

/** Why a claimed run cannot start, in words fit for its error. */
class CannotStart extends Error {}

/**
 * Readies a claimed run for its worker: its folder in the artifact store, where it starts (its
 * checkpoint, its dependencies' weights), its run.started event. While the database is away
 * this waits for it. A run that cannot start for another reason (its folder cannot be made: a
 * full or read-only disk) fails with the cause, and null is returned: it never stays running
 * with no worker.
 */
export async function readyRun(ctx: SchedulerContext, run: RunRow, gpu: string | null): Promise<Extract<ToWorker, { type: "start" }> | null> {
  const { db, store, runLog, outage, daemonId } = ctx;
  const outputDir = path.dirname(store.location(run.id, "x"));
  try {
    // First, so that a broken store fails the run before startPoint takes its checkpoint for missing.
    makeFolder(outputDir);
    const deps = await outage.retry(() => dependenciesOf(db, run));
    const start = await outage.retry(() => startPoint(db, store, run, deps));
    const resumedFromEpoch = start.resumeFrom?.epoch ?? null;
    const data = { daemonId, attempt: run.attempt, resumedFromEpoch };
    const eventId = await outage.retry(() => appendEvent(db, { type: "run.started", runId: run.id, experimentId: run.experimentId, data }));
    ctx.bus.publishRunUpdate(runUpdate({ ...run, epoch: resumedFromEpoch ?? 0 }, eventId));
    const how = resumedFromEpoch === null ? "started" : `resumed from epoch ${resumedFromEpoch} (its checkpoint)`;
    const where = gpu === null ? "" : `, GPU ${gpu}${run.memoryMb === null ? " (to itself: no memory estimate)" : ` (estimate ${run.memoryMb} MiB)`}`;
    runLog.write(run, `${how} on daemon ${daemonId}${where}, attempt ${run.attempt} (${run.title})${start.note ? `; ${start.note}` : ""}`);
    return { type: "start", run: { id: run.id, kind: run.kind, config: run.config }, inputs: start.inputs, outputDir, resumeFrom: start.resumeFrom?.dir };
  } catch (error) {
    const message = error instanceof CannotStart ? error.message : `Starting the run failed: ${databaseCause(error)}`;
    await outage.retry(() => commitRunChanges(ctx, (tx) => finishRun(tx, run.id, { status: "failed", error: message })));
    runLog.write(run, `failed: ${message}`, "warn");
    return null;
  }
}

function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CannotStart(storageFailure(error, "Making the run's folder", dir) ?? `Making the run's folder ${dir} failed: ${String(error)}`);
  }
}

async function dependenciesOf(db: Db, run: RunRow): Promise<Array<{ id: string; key: string }>> {
  const deps = [];
  for (const id of (await getRun(db, run.id))?.dependsOn ?? []) {
    const dep = await getRun(db, id);
    if (dep) deps.push({ id, key: dep.key });
  }
  return deps;
}
