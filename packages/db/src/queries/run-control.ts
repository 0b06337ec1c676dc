import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { rowsOf } from "../migrate.ts";
import { artifacts, experiments, metrics, runs } from "../schema/index.ts";
import type { RunRow } from "./runs.ts";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Queryable = Db | Tx;

/** The user who owns a run (its experiment's owner), or null if the run does not exist. */
export async function runOwnerId(db: Db, runId: string): Promise<string | null> {
  const [row] = await db
    .select({ ownerId: experiments.ownerId })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, runId));
  return row?.ownerId ?? null;
}

/** Where a run that may start again belongs: queued, or blocked while a dependency cannot succeed. */
async function readyStatus(db: Queryable, runId: string): Promise<"queued" | "blocked"> {
  const result = await db.execute(sql`
    select exists (
      select 1 from run_dependencies d join runs p on p.id = d.depends_on_id
      where d.run_id = ${runId} and p.status in ('failed', 'cancelled', 'blocked')) as stuck`);
  return rowsOf<{ stuck: boolean }>(result)[0]?.stuck ? "blocked" : "queued";
}

/** Blocked runs downstream of `runId` whose dependencies can all succeed again are queued. */
async function unblockDownstream(db: Queryable, runId: string): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive downstream as (
      select run_id from run_dependencies where depends_on_id = ${runId}
      union
      select d.run_id from run_dependencies d join downstream x on d.depends_on_id = x.run_id)
    select r.id from runs r where r.id in (select run_id from downstream) and r.status = 'blocked'`);
  const candidates = rowsOf<{ id: string }>(result).map((r) => r.id);
  const unblocked: string[] = [];
  // A diamond needs several passes: a run is free only once every blocked parent is.
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of candidates) {
      if (unblocked.includes(id) || (await readyStatus(db, id)) === "blocked") continue;
      await db.update(runs).set({ status: "queued", error: null, finishedAt: null }).where(eq(runs.id, id));
      unblocked.push(id);
      changed = true;
    }
  }
  return unblocked;
}

/** Forgets a run's results: its metrics and artifacts. Returns the artifact keys to delete. */
async function forgetResults(db: Queryable, runId: string): Promise<string[]> {
  await db.delete(metrics).where(eq(metrics.runId, runId));
  const removed = await db.delete(artifacts).where(eq(artifacts.runId, runId)).returning({ path: artifacts.path });
  return removed.map((a) => a.path);
}

export interface Restarted {
  run: RunRow;
  /** Blocked dependents that are queued again. */
  unblocked: string[];
  /** Artifact keys the store should delete. */
  removedArtifacts: string[];
}

/**
 * A failed or cancelled run goes back to the queue, from scratch (whatever made it fail may be in
 * its checkpoints); its blocked dependents are queued again. Null if it is in another state.
 */
export async function retryRun(db: Db, runId: string): Promise<Restarted | null> {
  return restart(db, runId, ["failed", "cancelled"], {});
}

/**
 * A run that is not running or finished successfully goes back to the queue from scratch with
 * a new configuration (already validated by the caller). Null if it is running or succeeded.
 */
export async function requeueRun(db: Db, runId: string, change: { config: Record<string, unknown>; epochs: number }): Promise<Restarted | null> {
  return restart(db, runId, ["queued", "blocked", "paused", "failed", "cancelled"], change);
}

async function restart(
  db: Db,
  runId: string,
  from: RunRow["status"][],
  change: Partial<Pick<RunRow, "config" | "epochs">>,
): Promise<Restarted | null> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(runs)
      .where(and(eq(runs.id, runId), inArray(runs.status, from)))
      .for("update");
    if (!locked) return null;
    const status = await readyStatus(tx, runId);
    const [run] = await tx
      .update(runs)
      .set({ ...change, status, epoch: 0, error: status === "blocked" ? "blocked: a run it depends on cannot succeed" : null, finishedAt: null, daemonId: null, stopRequest: null })
      .where(eq(runs.id, runId))
      .returning();
    const removedArtifacts = await forgetResults(tx, runId);
    const unblocked = status === "queued" ? await unblockDownstream(tx, runId) : [];
    return { run: run!, unblocked, removedArtifacts };
  });
}

/**
 * Holds a queued run (paused), or asks the daemon running a run to stop it at its next
 * checkpoint. Returns what happened, or null if the run is in neither state.
 */
export async function pauseRun(db: Db, runId: string): Promise<{ paused: true } | { requested: true; daemonId: string } | null> {
  const [held] = await db
    .update(runs)
    .set({ status: "paused" })
    .where(and(eq(runs.id, runId), eq(runs.status, "queued")))
    .returning({ id: runs.id });
  if (held) return { paused: true };
  const [asked] = await db
    .update(runs)
    .set({ stopRequest: "pause" })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")))
    .returning({ daemonId: runs.daemonId });
  return asked?.daemonId ? { requested: true, daemonId: asked.daemonId } : null;
}

/** A paused run goes back to the queue (it resumes from its last checkpoint). */
export async function resumeRun(db: Db, runId: string): Promise<RunRow | null> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(runs)
      .where(and(eq(runs.id, runId), eq(runs.status, "paused")))
      .for("update");
    if (!locked) return null;
    const status = await readyStatus(tx, runId);
    const [run] = await tx.update(runs).set({ status }).where(eq(runs.id, runId)).returning();
    return run ?? null;
  });
}

/** Asks the daemon running a run to cancel it; returns that daemon, or null if it is not running. */
export async function requestCancel(db: Db, runId: string): Promise<string | null> {
  const [asked] = await db
    .update(runs)
    .set({ stopRequest: "cancel" })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")))
    .returning({ daemonId: runs.daemonId });
  return asked?.daemonId ?? null;
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
