import { finishRun, recordArtifact, stopRun, updateRun } from "@minima/db";
import type { FromWorker } from "../worker/messages.ts";
import type { WorkerOutcome } from "../worker/spawn-worker.ts";
import { commitRunChanges, runUpdate } from "./run-changes.ts";
import type { ActiveRun, SchedulerContext } from "./scheduler-context.ts";

/** How often a run's epoch ticks are announced at most. */
const TICK_MS = 250;

/**
 * Handles what a run's worker reports, one report at a time and in order. An epoch's metrics are
 * stored before the checkpoint that ends the epoch is recorded, so a run resumed from that
 * checkpoint never misses their rows.
 */
export function workerReports(ctx: SchedulerContext, runId: string, lost: () => boolean): (message: FromWorker) => Promise<void> {
  const { db, bus, store, runLog, metrics } = ctx;
  let lastTick = 0;
  return async (message) => {
    if (lost()) return;
    switch (message.type) {
      case "engine": {
        // The kernels are recorded because they change the numbers (to the fused and oneDNN tests' tolerances), not just the speed.
        const kernels = `${message.fused ? ", fused kernels" : ""}${message.onednn ? ", oneDNN" : ""}`;
        const row = await updateRun(db, runId, { backend: `${message.backend} (${message.device}${kernels})` });
        if (row) bus.publishRunUpdate(runUpdate(row, null));
        runLog.write(runId, `engine: ${message.backend} via ${message.provider} on ${message.device}${kernels}, ${message.allocator} malloc`);
        if (message.fallbackReason) runLog.write(runId, message.fallbackReason);
        break;
      }
      case "metrics": {
        metrics.add(runId, message.points);
        const row = await updateRun(db, runId, { epoch: message.epoch });
        const now = Date.now();
        if (row && now - lastTick > TICK_MS) {
          lastTick = now;
          bus.publishRunUpdate(runUpdate(row, null));
        }
        break;
      }
      case "artifact": {
        await metrics.flush();
        const stored = store.describe(runId, message.name);
        await recordArtifact(db, { runId, name: message.name.replace(/\.json$/, ""), kind: message.kind, ...stored });
        break;
      }
      case "log":
        runLog.write(runId, message.message, "worker");
        break;
      default:
        break;
    }
  };
}

/** Records how a run's worker ended: finished, or stopped at a checkpoint to continue later. */
export async function recordOutcome(ctx: SchedulerContext, entry: ActiveRun, outcome: WorkerOutcome): Promise<void> {
  const { run } = entry;
  await ctx.metrics.flush();
  if (entry.lost) return;
  if (outcome.status === "stopped") {
    const reason = entry.stopping === "pause" ? "paused as asked" : "the daemon shut down";
    const [stopped] = await commitRunChanges(ctx, (tx) => stopRun(tx, run.id, ctx.daemonId, reason));
    if (!stopped) return;
    const { status, epoch } = stopped.run;
    const next = status === "paused" ? "it continues from its last checkpoint when resumed" : status === "queued" ? "it continues from its last checkpoint when claimed again" : "";
    ctx.runLog.write(run.id, `stopped (${reason}) at epoch ${epoch}: ${status}${next ? `; ${next}` : ""}`);
    return;
  }
  const { status, error } = outcome;
  await commitRunChanges(ctx, (tx) => finishRun(tx, run.id, { status, error }));
  ctx.runLog.write(run.id, `${status}${error ? `: ${error}` : ""}`);
}
