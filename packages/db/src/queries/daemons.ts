import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { rowsOf } from "../migrate.ts";
import { daemons } from "../schema/index.ts";

export type DaemonRow = typeof daemons.$inferSelect;

/** Records that a daemon started (or restarted under the same id) and is alive now. */
export async function registerDaemon(db: Db, daemon: { id: string; host: string; pid: number; url: string }): Promise<void> {
  await db
    .insert(daemons)
    .values(daemon)
    .onConflictDoUpdate({
      target: daemons.id,
      set: { host: daemon.host, pid: daemon.pid, url: daemon.url, startedAt: sql`now()`, heartbeatAt: sql`now()`, stoppedAt: null },
    });
}

/** The daemon is alive now (database time, so hosts' clocks need not agree). */
export async function heartbeat(db: Db, id: string): Promise<void> {
  await db.update(daemons).set({ heartbeatAt: sql`now()`, stoppedAt: null }).where(eq(daemons.id, id));
}

export async function markDaemonStopped(db: Db, id: string): Promise<void> {
  await db.update(daemons).set({ stoppedAt: sql`now()` }).where(eq(daemons.id, id));
}

export async function listDaemons(db: Db): Promise<DaemonRow[]> {
  return db.select().from(daemons).orderBy(daemons.startedAt);
}

/**
 * Runs held by daemons that are not alive — no heartbeat for `timeoutMs`, stopped, or never
 * registered — go back to the queue (paused or cancelled where that was asked for). Safe to
 * call from every daemon at once: a run is taken back once, by whichever update locks it first.
 */
export async function requeueRunsOfDeadDaemons(
  db: Db,
  timeoutMs: number,
): Promise<Array<{ id: string; daemonId: string; status: "queued" | "paused" | "cancelled" }>> {
  const result = await db.execute(sql`
    with alive as (
      select id from daemons where stopped_at is null and heartbeat_at >= now() - make_interval(secs => ${timeoutMs / 1000})),
    taken as (
      select id, daemon_id from runs
      where status = 'running' and daemon_id is not null and daemon_id not in (select id from alive)
      for update skip locked)
    update runs r set status = case r.stop_request when 'pause' then 'paused' when 'cancel' then 'cancelled' else 'queued' end,
      daemon_id = null, started_at = null, stop_request = null
    from taken where r.id = taken.id
    returning r.id, taken.daemon_id as "daemonId", r.status`);
  return rowsOf(result);
}
