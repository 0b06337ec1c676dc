import { eq, getTableColumns, sql } from "drizzle-orm";
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

/** What the daemon measured of its host lately, for the dashboards of the other daemons; false before it registered. */
export async function recordDaemonMachine(db: Db, id: string, machine: Record<string, unknown>): Promise<boolean> {
  const rows = await db.update(daemons).set({ machine }).where(eq(daemons.id, id)).returning({ id: daemons.id });
  return rows.length > 0;
}

export async function markDaemonStopped(db: Db, id: string): Promise<void> {
  await db.update(daemons).set({ stoppedAt: sql`now()` }).where(eq(daemons.id, id));
}

/** Every daemon that registered, oldest first, with how long since its last heartbeat (database time). */
export async function listDaemons(db: Db): Promise<(DaemonRow & { silentForMs: number })[]> {
  const rows = await db
    .select({ ...getTableColumns(daemons), silentForMs: sql<string | number>`extract(epoch from now() - ${daemons.heartbeatAt}) * 1000` })
    .from(daemons)
    .orderBy(daemons.startedAt);
  return rows.map((row) => ({ ...row, silentForMs: Math.max(0, Number(row.silentForMs)) }));
}

/** How long the database server has been up, in milliseconds (since it last (re)started). */
export async function databaseUpForMs(db: Db): Promise<number> {
  const result = await db.execute(sql`select extract(epoch from now() - pg_postmaster_start_time()) * 1000 as ms`);
  return Number(rowsOf<{ ms: string | number }>(result)[0]?.ms ?? Infinity);
}
