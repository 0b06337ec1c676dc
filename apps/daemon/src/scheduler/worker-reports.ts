import { finishRun, recordArtifact, stopRun, updateRun, type RunRow } from "@minima/db";
import type { FromWorker } from "../worker/messages.ts";
import type { WorkerOutcome } from "../worker/spawn-worker.ts";
import { databaseCause } from "./connection-errors.ts";
import { commitRunChanges, runUpdate } from "./run-changes.ts";
import type { ActiveRun, SchedulerContext } from "./scheduler-context.ts";
import { explainStorageText, storageFailure } from "./storage-errors.ts";

/** How often a run's epoch ticks are announced at most. */
const TICK_MS = 250;

/** A report that cannot be recorded, in words fit for the run's error. */
class RunFailure extends Error {}

const metricsFailure = (cause: unknown) => `Storing its metric points failed: ${databaseCause(cause)}`;

/**
 * Handles what a run's worker reports, one report at a time and in order. An epoch's metrics are
 * stored before the checkpoint that ends the epoch is recorded, so a run resumed from that
 * checkpoint never misses their rows. While the database is away each write waits for it to
 * return (DatabaseOutage.retry) and the reports behind it wait their turn (spawn-worker chains
 * them), while the worker trains on. A report that cannot be recorded for any other reason (a
 * storage error, a constraint) rejects with the run's error: spawn-worker then stops the worker
 * and the run fails with it.
 */
export function workerReports(ctx: SchedulerContext, run: Pick<RunRow, "id" | "experimentId">, lost: () => boolean): (message: FromWorker) => Promise<void> {
  const { db, bus, store, runLog, metrics, outage } = ctx;
  const runId = run.id;
  let lastTick = 0;
  const failedMetrics = () => {
    const failure = metrics.failureOf(runId);
    if (failure !== undefined) throw new RunFailure(metricsFailure(failure));
  };
  const handle = async (message: FromWorker) => {
    switch (message.type) {
      case "engine": {
        // The kernels are recorded because they change the numbers (to the fused and oneDNN tests' tolerances), not just the speed.
        const kernels = `${message.fused ? ", fused kernels" : ""}${message.onednn ? ", oneDNN" : ""}`;
        const row = await outage.retry(() => updateRun(db, runId, { backend: `${message.backend} (${message.device}${kernels})` }));
        if (row) bus.publishRunUpdate(runUpdate(row, null));
        runLog.write(run, `engine: ${message.backend} via ${message.provider} on ${message.device}${kernels}, ${message.allocator} malloc`);
        if (message.fallbackReason) runLog.write(run, message.fallbackReason, "warn");
        break;
      }
      case "metrics": {
        metrics.add(runId, message.points);
        failedMetrics();
        const row = await outage.retry(() => updateRun(db, runId, { epoch: message.epoch }));
        const now = Date.now();
        if (row && now - lastTick > TICK_MS) {
          lastTick = now;
          bus.publishRunUpdate(runUpdate(row, null));
        }
        break;
      }
      case "artifact": {
        await metrics.flush();
        failedMetrics();
        let stored;
        try {
          stored = store.describe(runId, message.name);
        } catch (error) {
          const where = store.location(runId, message.name);
          throw new RunFailure(storageFailure(error, `Reading its artifact "${message.name}"`, where) ?? `Reading its artifact "${message.name}" at ${where} failed: ${String(error)}`);
        }
        await outage.retry(() => recordArtifact(db, { runId, name: message.name.replace(/\.json$/, ""), kind: message.kind, ...stored }));
        break;
      }
      case "log":
        runLog.fromWorker(run, message.message);
        break;
      default:
        break;
    }
  };
  return async (message) => {
    if (lost()) return;
    try {
      await handle(message);
    } catch (error) {
      if (error instanceof RunFailure) throw error;
      throw new RunFailure(`Recording its ${message.type} report failed: ${databaseCause(error)}`);
    }
  };
}

/**
 * Records how a run's worker ended: finished, or stopped at a checkpoint to continue later. A
 * run whose points could not be stored fails with that cause, and a worker that could not write
 * its files fails with what to do about it. Waits for a database that is away.
 */
export async function recordOutcome(ctx: SchedulerContext, entry: ActiveRun, outcome: WorkerOutcome): Promise<void> {
  const { run } = entry;
  await ctx.metrics.flush();
  const lostPoints = ctx.metrics.failureOf(run.id);
  ctx.metrics.forget(run.id);
  if (entry.lost) return;
  const ended: WorkerOutcome =
    lostPoints !== undefined && (outcome.status === "succeeded" || outcome.status === "stopped") ? { status: "failed", error: metricsFailure(lostPoints) } : outcome;
  if (ended.status === "stopped") {
    const reason = entry.stopping === "pause" ? "paused as asked" : "the daemon shut down";
    const [stopped] = await ctx.outage.retry(() => commitRunChanges(ctx, (tx) => stopRun(tx, run.id, ctx.daemonId, reason)));
    if (!stopped) return;
    const { status, epoch } = stopped.run;
    const next = status === "paused" ? "it continues from its last checkpoint when resumed" : status === "queued" ? "it continues from its last checkpoint when claimed again" : "";
    ctx.runLog.write(run, `stopped (${reason}) at epoch ${epoch}: ${status}${next ? `; ${next}` : ""}`);
    return;
  }
  const { status } = ended;
  const error = ended.error === null ? null : explainStorageText(ended.error);
  await ctx.outage.retry(() => commitRunChanges(ctx, (tx) => finishRun(tx, run.id, { status, error })));
  ctx.runLog.write(run, `${status}${error ? `: ${error}` : ""}`, status === "failed" ? "warn" : "info");
}
