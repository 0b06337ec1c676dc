import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { artifacts, experiments, metrics, runs } from "../schema/index.ts";
import { changeRun, type Queryable, type RunChange } from "./run-changes.ts";
import { blockDownstream, downstreamOf, readyStatus, unblockDownstream } from "./run-dag.ts";

/** The user who owns a run (its experiment's owner), or null if the run does not exist. */
export async function runOwnerId(db: Db, runId: string): Promise<string | null> {
  const [row] = await db
    .select({ ownerId: experiments.ownerId })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, runId));
  return row?.ownerId ?? null;
}

/** Forgets a run's results: its metrics and artifacts. Returns the artifact keys to delete. */
async function forgetResults(q: Queryable, runId: string): Promise<string[]> {
  await q.delete(metrics).where(eq(metrics.runId, runId));
  const removed = await q.delete(artifacts).where(eq(artifacts.runId, runId)).returning({ path: artifacts.path });
  return removed.map((a) => a.path);
}

export interface Restarted {
  /** The run and the blocked dependents it freed. */
  changes: RunChange[];
  /** Artifact keys the store should delete. */
  removedArtifacts: string[];
}

/**
 * A run starts again from scratch: ready (queued, or blocked while a dependency cannot succeed),
 * its results forgotten, its blocked dependents freed. Null if its status does not allow it.
 */
async function restart(
  q: Queryable,
  runId: string,
  action: "retry" | "requeue",
  change: { config?: Record<string, unknown>; epochs?: number; actorId: string; data: Record<string, unknown> },
): Promise<Restarted | null> {
  const status = await readyStatus(q, runId);
  const restarted = await changeRun(q, runId, {
    action,
    set: {
      ...(change.config ? { config: change.config } : {}),
      ...(change.epochs === undefined ? {} : { epochs: change.epochs }),
      status,
      epoch: 0,
      activeMs: 0,
      error: status === "blocked" ? "blocked: a run it depends on cannot succeed" : null,
      finishedAt: null,
      daemonId: null,
      stopRequest: null,
    },
    event: () => ({ type: action === "retry" ? "run.retried" : "run.requeued", actorId: change.actorId, data: change.data }),
  });
  if (!restarted) return null;
  // A new configuration computes something else: the run, and every run after it, is no longer
  // the twin of what its fingerprint names, so none of them reuses or lends results from now on.
  if (change.config) await q.update(runs).set({ fingerprint: null }).where(inArray(runs.id, [runId, ...(await downstreamOf(q, runId))]));
  const removedArtifacts = await forgetResults(q, runId);
  const unblocked = status === "queued" ? await unblockDownstream(q, runId) : [];
  return { changes: [restarted, ...unblocked], removedArtifacts };
}

/**
 * A failed or cancelled run goes back to the queue, from scratch (whatever made it fail may be in
 * its checkpoints); its blocked dependents are queued again.
 */
export async function retryRun(q: Queryable, runId: string, actorId: string, previous: { status: string; error: string | null }): Promise<Restarted | null> {
  return restart(q, runId, "retry", { actorId, data: { previous: previous.status, error: previous.error } });
}

/**
 * A run that is not running and did not succeed goes back to the queue from scratch with a new
 * configuration (already validated by the caller).
 */
export async function requeueRun(
  q: Queryable,
  runId: string,
  change: { config: Record<string, unknown>; epochs: number; changes: Record<string, unknown>; previous: string },
  actorId: string,
): Promise<Restarted | null> {
  return restart(q, runId, "requeue", { config: change.config, epochs: change.epochs, actorId, data: { changes: change.changes, previous: change.previous } });
}

/** Holds a queued run (paused), or asks the daemon running a run to stop it at its next checkpoint. */
export async function pauseRun(q: Queryable, runId: string, actorId: string): Promise<RunChange | null> {
  return (
    (await changeRun(q, runId, { action: "pause", set: { status: "paused" }, event: () => ({ type: "run.paused", actorId, data: { reason: "held while queued" } }) })) ??
    (await changeRun(q, runId, {
      action: "pause",
      mode: "asks",
      set: { stopRequest: "pause" },
      event: (run) => ({ type: "run.pause-requested", actorId, data: { daemonId: run.daemonId } }),
    }))
  );
}

/** A paused run is ready again: it continues from its last checkpoint. */
export async function resumeRun(q: Queryable, runId: string, actorId: string): Promise<RunChange | null> {
  const status = await readyStatus(q, runId);
  return changeRun(q, runId, { action: "resume", set: { status }, event: (run) => ({ type: "run.resumed", actorId, data: { epoch: run.epoch } }) });
}

/**
 * Cancels a waiting run at once (and blocks its dependents), or asks the daemon running it to
 * cancel it. Empty if the run has finished or was already asked to cancel.
 */
export async function cancelRun(q: Queryable, runId: string, actorId: string | null): Promise<RunChange[]> {
  const cancelled = await changeRun(q, runId, {
    action: "cancel",
    set: { status: "cancelled", finishedAt: sql`now()`, stopRequest: null },
    event: () => ({ type: "run.cancelled", actorId }),
  });
  if (cancelled) return [cancelled, ...(await blockDownstream(q, cancelled.run))];
  const asked = await changeRun(q, runId, {
    action: "cancel",
    mode: "asks",
    set: { stopRequest: "cancel" },
    event: (run) => ({ type: "run.cancel-requested", actorId, data: { daemonId: run.daemonId } }),
  });
  return asked ? [asked] : [];
}

/** Stops asked of runs this daemon executes. */
export async function stopRequestsFor(db: Db, daemonId: string): Promise<Array<{ id: string; stopRequest: "pause" | "cancel" }>> {
  const rows = await db
    .select({ id: runs.id, stopRequest: runs.stopRequest })
    .from(runs)
    .where(and(eq(runs.daemonId, daemonId), eq(runs.status, "running"), sql`${runs.stopRequest} is not null`));
  return rows.filter((r): r is { id: string; stopRequest: "pause" | "cancel" } => r.stopRequest !== null);
}

/** Of these runs, the ones no longer held by this daemon (another daemon took them back). */
export async function runsNotHeldBy(db: Db, daemonId: string, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows = await db.select({ id: runs.id, daemonId: runs.daemonId, status: runs.status }).from(runs).where(inArray(runs.id, runIds));
  const held = new Set(rows.filter((r) => r.daemonId === daemonId && r.status === "running").map((r) => r.id));
  return runIds.filter((id) => !held.has(id));
}

/** Sets the priority of one run, or of every run of an experiment. Returns the runs changed. */
export async function setPriority(db: Db, target: { runId: string } | { experimentId: string }, priority: number): Promise<string[]> {
  const where = "runId" in target ? eq(runs.id, target.runId) : eq(runs.experimentId, target.experimentId);
  const rows = await db.update(runs).set({ priority }).where(where).returning({ id: runs.id });
  return rows.map((r) => r.id);
}
