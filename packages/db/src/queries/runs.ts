import type { RunStatus } from "@minima/metrics";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { rowsOf, uuidArray } from "../migrate.ts";
import { runDependencies, runs } from "../schema/index.ts";

export type RunRow = typeof runs.$inferSelect;
export type Run = RunRow & { dependsOn: string[] };

export async function withDependencies<R extends { id: string }>(db: Db, rows: R[]): Promise<Array<R & { dependsOn: string[] }>> {
  if (rows.length === 0) return [];
  const edges = await db
    .select()
    .from(runDependencies)
    .where(sql`${runDependencies.runId} = any(${uuidArray(rows.map((r) => r.id))})`);
  const dependsOn = new Map<string, string[]>();
  for (const edge of edges) dependsOn.set(edge.runId, [...(dependsOn.get(edge.runId) ?? []), edge.dependsOnId]);
  return rows.map((r) => ({ ...r, dependsOn: dependsOn.get(r.id) ?? [] }));
}

export async function listRuns(db: Db, filter: { experimentId?: string | undefined; status?: RunStatus | undefined } = {}): Promise<Run[]> {
  const rows = await db
    .select()
    .from(runs)
    .where(
      and(
        filter.experimentId ? eq(runs.experimentId, filter.experimentId) : undefined,
        filter.status ? eq(runs.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(runs.createdAt), asc(runs.key));
  return withDependencies(db, rows);
}

export async function getRun(db: Db, id: string): Promise<Run | null> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  return row ? ((await withDependencies(db, [row]))[0] ?? null) : null;
}

/**
 * Takes the next queued run whose dependencies have all succeeded. Order: priority (highest
 * first); then fairness between users: the owner with the fewest running runs, ties to the one
 * whose last run started longest ago, so users with queued runs take turns and one user's grid
 * of 200 runs does not starve another's single run; then oldest first. SKIP LOCKED lets several
 * daemons on one PostgreSQL claim at once without waiting on or taking the same row.
 */
/**
 * What a claim may take: any run (an idle device), or only a run whose memory estimate fits in
 * what is left of a device that already runs estimated runs. The head of the queue is claimed or
 * nothing is: a small run never overtakes one that waits for a whole device.
 */
export type ClaimRoom = { anyRun: true } | { estimatedUpToMb: number };

export async function claimNextRun(db: Db, daemonId: string, room: ClaimRoom = { anyRun: true }): Promise<RunRow | null> {
  const fits = "anyRun" in room ? sql`true` : sql`memory_mb is not null and memory_mb <= ${room.estimatedUpToMb}`;
  const result = await db.execute(sql`
    update runs set status = 'running', daemon_id = ${daemonId}, started_at = now(), finished_at = null,
      error = null, stop_request = null, attempt = attempt + 1
    where status = 'queued' and ${fits} and id = (
      with owners as (
        select e.owner_id, count(*) filter (where x.status = 'running') as running, max(x.started_at) as last_start
        from runs x join experiments e on e.id = x.experiment_id
        group by e.owner_id)
      select r.id from runs r
      join experiments e on e.id = r.experiment_id
      join owners o on o.owner_id = e.owner_id
      where r.status = 'queued' and not exists (
        select 1 from run_dependencies d join runs p on p.id = d.depends_on_id
        where d.run_id = r.id and p.status <> 'succeeded')
      order by r.priority desc, o.running, o.last_start nulls first, r.created_at, r.key
      for update of r skip locked
      limit 1)
    returning id`);
  const claimed = rowsOf<{ id: string }>(result)[0];
  if (!claimed) return null;
  const [row] = await db.select().from(runs).where(eq(runs.id, claimed.id));
  return row ?? null;
}

export async function updateRun(
  db: Db,
  id: string,
  patch: Partial<Pick<RunRow, "epoch" | "backend" | "status" | "error" | "finishedAt" | "daemonId" | "stopRequest">>,
): Promise<void> {
  await db.update(runs).set(patch).where(eq(runs.id, id));
}

/** Ends a run; a run that failed or was cancelled blocks every run downstream of it. */
export async function finishRun(
  db: Db,
  id: string,
  outcome: { status: "succeeded" | "failed" | "cancelled"; error?: string | null },
): Promise<{ blocked: string[] }> {
  await db
    .update(runs)
    .set({ status: outcome.status, error: outcome.error ?? null, finishedAt: new Date(), daemonId: null, stopRequest: null })
    .where(eq(runs.id, id));
  if (outcome.status === "succeeded") return { blocked: [] };
  const [self] = await db.select({ key: runs.key }).from(runs).where(eq(runs.id, id));
  const reason = `run ${self?.key ?? id} ${outcome.status}`;
  const result = await db.execute(sql`
    with recursive downstream as (
      select run_id from run_dependencies where depends_on_id = ${id}
      union
      select d.run_id from run_dependencies d join downstream x on d.depends_on_id = x.run_id)
    update runs set status = 'blocked', error = ${`blocked: ${reason}`}
    where id in (select run_id from downstream) and status = 'queued'
    returning id`);
  return { blocked: rowsOf<{ id: string }>(result).map((r) => r.id) };
}

/**
 * Runs a daemon held when it stopped or died go back to the queue (to resume from their last
 * checkpoint); one whose pause or cancel was asked for becomes paused or cancelled instead (the
 * caller blocks a cancelled run's dependents with finishRun). Returns them.
 */
export async function requeueRunsOf(db: Db, daemonId: string): Promise<Array<{ id: string; status: RunStatus }>> {
  const result = await db.execute(sql`
    update runs set status = case stop_request when 'pause' then 'paused' when 'cancel' then 'cancelled' else 'queued' end,
      daemon_id = null, started_at = null, stop_request = null
    where status = 'running' and daemon_id = ${daemonId}
    returning id, status`);
  return rowsOf<{ id: string; status: RunStatus }>(result);
}
