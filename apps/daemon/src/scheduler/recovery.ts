import { databaseUpForMs, heartbeat, runsNotHeldBy, stopRequestsFor, takeBackRunsOf, takeBackRunsOfDeadDaemons, type RunChange } from "@minima/db";
import { databaseCause } from "./connection-errors.ts";
import { commitRunChanges } from "./run-changes.ts";
import type { ActiveRun, SchedulerContext } from "./scheduler-context.ts";

/** Logs the runs that went back to the queue (or to paused or cancelled, as asked) and why. */
function logTakenBack(ctx: SchedulerContext, changes: RunChange[], reason: string): void {
  for (const { run, type } of changes) {
    if (type === "run.blocked") continue;
    ctx.runLog.write(run, `${reason}; ${run.status === "queued" ? "queued again" : run.status}`, "warn");
  }
}

/** The runs a previous life of this daemon left running (it restarted), or this life's at shutdown. */
export async function takeBackOwnRuns(ctx: SchedulerContext, reason: string): Promise<RunChange[]> {
  const changes = await ctx.outage.retry(() => commitRunChanges(ctx, (tx) => takeBackRunsOf(tx, ctx.daemonId, reason)));
  logTakenBack(ctx, changes, reason);
  return changes;
}

/**
 * Acts on the pause and cancel requests for runs this daemon executes, made through any daemon:
 * a cancel stops the worker at once, a pause at its next checkpoint.
 */
export async function actOnStopRequests(ctx: SchedulerContext, active: ReadonlyMap<string, ActiveRun>): Promise<void> {
  for (const { id, stopRequest } of await stopRequestsFor(ctx.db, ctx.daemonId)) {
    const entry = active.get(id);
    if (!entry || entry.stopping === "cancel") continue;
    if (stopRequest === "cancel") {
      entry.stopping = "cancel";
      entry.handle.cancel();
    } else if (entry.stopping === null) {
      entry.stopping = "pause";
      entry.handle.stop();
      ctx.runLog.write(entry.run, "pausing at its next checkpoint");
    }
  }
}

/**
 * The heartbeat: this daemon is alive now; the runs of daemons that stopped sending theirs go
 * back to the queue; a run this daemon was taken for dead on (it runs elsewhere now) is stopped
 * here, never trained twice at once. Returns whether any run went back to the queue. Never
 * throws: a database that is away is said once (DatabaseOutage) and tried again next beat.
 */
export async function beat(ctx: SchedulerContext, active: ReadonlyMap<string, ActiveRun>, heartbeatTimeoutMs: number): Promise<boolean> {
  try {
    await heartbeat(ctx.db, ctx.daemonId);
    ctx.outage.noteSuccess();
    const taken = (await othersHadTimeToBeat(ctx, heartbeatTimeoutMs)) ? await commitRunChanges(ctx, (tx) => takeBackRunsOfDeadDaemons(tx, heartbeatTimeoutMs, ctx.daemonId)) : [];
    logTakenBack(ctx, taken, "the daemon that ran it stopped sending heartbeats");
    for (const id of await runsNotHeldBy(ctx.db, ctx.daemonId, [...active.keys()])) {
      const entry = active.get(id);
      if (!entry) continue;
      entry.lost = true;
      ctx.metrics.drop(id);
      entry.handle.child.kill("SIGKILL");
      ctx.runLog.write(entry.run, "taken back by another daemon (this one missed its heartbeats); its worker here is stopped", "warn");
    }
    await actOnStopRequests(ctx, active);
    return taken.length > 0;
  } catch (error) {
    if (!ctx.outage.noteFailure(error)) ctx.logger.error(`heartbeat: ${databaseCause(error)}`);
    return false;
  }
}

/**
 * While the database was away no daemon could beat, so right after it returns every heartbeat
 * looks stale, the live daemons' included: runs are taken from silent daemons only once the
 * others had a whole timeout to beat again, counted from when this daemon got the database back
 * and from when the server (re)started, whichever is later.
 */
async function othersHadTimeToBeat(ctx: SchedulerContext, heartbeatTimeoutMs: number): Promise<boolean> {
  if (ctx.outage.msSinceBack() < heartbeatTimeoutMs) return false;
  return (await databaseUpForMs(ctx.db)) >= heartbeatTimeoutMs;
}
