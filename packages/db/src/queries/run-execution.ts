import { eventOfStatus, STATUS_AFTER_STOP } from "@minima/metrics";
import { sql } from "drizzle-orm";
import { rowsOf } from "../migrate.ts";
import { runs } from "../schema/index.ts";
import { changeRun, changeRuns, leavingRunning, type Queryable, type RunChange, type Tx } from "./run-changes.ts";
import { blockDownstream } from "./run-dag.ts";
import { adoptTwin } from "./run-reuse.ts";

/**
 * What a claim may take: any run (an idle device), or only a run whose memory estimate fits in
 * what is left of a device that already runs estimated runs. The head of the queue is claimed or
 * nothing is: a small run never overtakes one that waits for a whole device.
 */
export type ClaimRoom = { anyRun: true } | { estimatedUpToMb: number };

/** What a claim did: the run it took for a worker (null: none), and every change it made, the adoptions before it included. */
export interface Claim {
  claimed: RunChange | null;
  changes: RunChange[];
}

/**
 * Takes the next queued run whose dependencies have all succeeded. Order: priority (highest
 * first); then fairness between users: the owner with the fewest running runs, ties to the one
 * whose last run started longest ago, so users with queued runs take turns and one user's grid
 * of 200 runs does not starve another's single run; then oldest first. SKIP LOCKED lets several
 * daemons on one PostgreSQL claim at once without waiting on or taking the same row. Run it in a
 * transaction: the lock holds until the claim is recorded.
 *
 * A run marked `reuse` waits while a twin of it runs (it would compute the same thing), and a
 * head of the queue whose twin has succeeded takes that twin's results instead of a worker
 * (adoptTwin), after which the next run is looked at: its dependents may be ready now.
 */
export async function claimRun(tx: Tx, daemonId: string, room: ClaimRoom = { anyRun: true }): Promise<Claim> {
  const changes: RunChange[] = [];
  for (;;) {
    const result = await tx.execute(sql`
      with owners as (
        select e.owner_id, count(*) filter (where x.status = 'running') as running, max(x.started_at) as last_start
        from runs x join experiments e on e.id = x.experiment_id
        group by e.owner_id)
      select r.id, r.memory_mb as "memoryMb", r.reuse, r.fingerprint from runs r
      join experiments e on e.id = r.experiment_id
      join owners o on o.owner_id = e.owner_id
      where r.status = 'queued' and not exists (
        select 1 from run_dependencies d join runs p on p.id = d.depends_on_id
        where d.run_id = r.id and p.status <> 'succeeded')
      and not (r.reuse and exists (
        select 1 from runs t where t.fingerprint = r.fingerprint and t.status = 'running'))
      order by r.priority desc, o.running, o.last_start nulls first, r.created_at, r.key
      for update of r skip locked
      limit 1`);
    const head = rowsOf<{ id: string; memoryMb: number | null; reuse: boolean; fingerprint: string | null }>(result)[0];
    if (!head) return { claimed: null, changes };
    const adopted = await adoptTwin(tx, head);
    if (adopted) {
      changes.push(adopted);
      continue;
    }
    if ("estimatedUpToMb" in room && (head.memoryMb === null || head.memoryMb > room.estimatedUpToMb)) return { claimed: null, changes };
    const claimed = await changeRun(tx, head.id, {
      action: "claim",
      set: { status: "running", daemonId, startedAt: sql`now()`, finishedAt: null, error: null, stopRequest: null, attempt: sql`${runs.attempt} + 1` },
      event: (run) => ({ type: "run.claimed", data: { daemonId, attempt: run.attempt } }),
    });
    return { claimed, changes: claimed ? [...changes, claimed] : changes };
  }
}

/** How a worker ended: the run is finished, and one that failed or was cancelled blocks every run downstream of it. */
export async function finishRun(
  q: Queryable,
  runId: string,
  outcome: { status: "succeeded" | "failed" | "cancelled"; error?: string | null; actorId?: string | null },
): Promise<RunChange[]> {
  const error = outcome.error ?? null;
  const done = await changeRun(q, runId, {
    action: "finish",
    set: { ...leavingRunning(), status: outcome.status, error, finishedAt: sql`now()`, ...(outcome.status === "succeeded" ? { epoch: sql`${runs.epochs}` } : {}) },
    event: () => ({ type: eventOfStatus(outcome.status), actorId: outcome.actorId ?? null, data: error ? { error } : {} }),
  });
  if (!done) return [];
  return outcome.status === "succeeded" ? [done] : [done, ...(await blockDownstream(q, done.run))];
}

/**
 * Runs that stop running before their end go back to the queue, to resume from their last
 * checkpoint; one whose pause or cancel was asked for becomes paused or cancelled instead (and a
 * cancelled one blocks its dependents). `stop`: its worker stopped at a checkpoint as asked (a
 * pause, or its daemon shutting down); `takeBack`: its daemon restarted or went silent.
 */
async function stopRuns(
  q: Queryable,
  action: "stop" | "takeBack",
  held: Array<{ id: string; daemonId: string | null }>,
  reason: (daemonId: string | null) => string,
  by: string,
): Promise<RunChange[]> {
  const daemonOf = new Map(held.map((r) => [r.id, r.daemonId]));
  const after = STATUS_AFTER_STOP;
  const stopped = await changeRuns(
    q,
    held.map((r) => r.id),
    {
      action,
      set: {
        // A run taken back from a gone daemon ran until that daemon's last heartbeat, not until now.
        ...leavingRunning(action === "takeBack" ? sql`least(now(), coalesce((select d.heartbeat_at from daemons d where d.id = ${runs.daemonId}), now()))` : undefined),
        status: sql`case ${runs.stopRequest} when 'pause' then ${after.pause} when 'cancel' then ${after.cancel} else ${after.none} end`,
        finishedAt: sql`case ${runs.stopRequest} when 'cancel' then now() end`,
      },
      event: (run) => ({
        type: eventOfStatus(run.status as (typeof after)[keyof typeof after]),
        data: { reason: reason(daemonOf.get(run.id) ?? null), by, from: daemonOf.get(run.id) ?? null, epoch: run.epoch },
      }),
    },
  );
  const blocked = [];
  for (const change of stopped) if (change.run.status === "cancelled") blocked.push(...(await blockDownstream(q, change.run)));
  return [...stopped, ...blocked];
}

/** A worker stopped at a checkpoint as asked: paused (someone paused it), or queued (its daemon shut down). */
export async function stopRun(q: Queryable, runId: string, daemonId: string, reason: string): Promise<RunChange[]> {
  return stopRuns(q, "stop", [{ id: runId, daemonId }], () => reason, daemonId);
}

/** The runs a daemon held when it stopped or died (it restarted under the same id, or shuts down). */
export async function takeBackRunsOf(q: Queryable, daemonId: string, reason: string): Promise<RunChange[]> {
  const result = await q.execute(sql`select id from runs where status = 'running' and daemon_id = ${daemonId} for update`);
  return stopRuns(q, "takeBack", rowsOf<{ id: string }>(result).map((r) => ({ id: r.id, daemonId })), () => reason, daemonId);
}

/**
 * The runs of daemons that are not alive — no heartbeat for `timeoutMs`, stopped, or never
 * registered; `by` is the daemon that takes them. Safe to call from every daemon at once: a run
 * is taken back once, by whichever transaction locks it first.
 */
export async function takeBackRunsOfDeadDaemons(q: Queryable, timeoutMs: number, by: string): Promise<RunChange[]> {
  const result = await q.execute(sql`
    with alive as (
      select id from daemons where stopped_at is null and heartbeat_at >= now() - make_interval(secs => ${timeoutMs / 1000}))
    select id, daemon_id as "daemonId" from runs
    where status = 'running' and daemon_id is not null and daemon_id not in (select id from alive)
    for update skip locked`);
  return stopRuns(q, "takeBack", rowsOf<{ id: string; daemonId: string }>(result), (daemonId) => `daemon ${daemonId} stopped sending heartbeats`, by);
}
