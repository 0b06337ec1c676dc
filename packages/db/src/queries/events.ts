import { and, asc, eq, gte, inArray, isNotNull, or, sql } from "drizzle-orm";
import { LIVE_STATUSES, type RunEventType } from "@minima/metrics";
import type { Db } from "../client.ts";
import type { Queryable } from "./run-changes.ts";
import { events, runs, users } from "../schema/index.ts";
import type { RunRow } from "./runs.ts";

export interface EventInput {
  type: RunEventType;
  experimentId?: string | null;
  runId?: string | null;
  actorId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Records something that happened and who did it (no actor: the daemon itself). A change of a
 * run's status is recorded by changeRuns, with the change; this is for the rest.
 */
export async function appendEvent(db: Queryable, event: EventInput): Promise<number> {
  const [row] = await db.insert(events).values({
    type: event.type,
    experimentId: event.experimentId ?? null,
    runId: event.runId ?? null,
    actorId: event.actorId ?? null,
    data: event.data ?? {},
  }).returning({ id: events.id });
  return row!.id;
}

export interface EventView {
  id: number;
  type: string;
  /** Who caused it; null: a daemon. */
  actor: string | null;
  data: Record<string, unknown>;
  time: Date;
}

/** A run's history, oldest first, with the names of the users who acted. */
export async function eventsOfRun(db: Db, runId: string): Promise<EventView[]> {
  return db
    .select({ id: events.id, type: events.type, actor: users.name, data: events.data, time: events.time })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(eq(events.runId, runId))
    .orderBy(asc(events.id));
}

/**
 * What a client that saw every change up to event `afterId` may have missed, as the runs' current
 * rows: the runs with an event since then (and since a few seconds before it, because an id is
 * handed out when its transaction starts, not when it commits), and every running run (their
 * epochs move without events). An id this database never handed out (another database, an old
 * daemon's counter) gets every live run and every run finished in the last day. `lastEventId`:
 * the newest event now, to resume from next time.
 */
export async function runsChangedSince(db: Db, afterId: number): Promise<{ runs: RunRow[]; lastEventId: number }> {
  const lastEventId = await latestEventId(db);
  const [known] = await db.select({ id: events.id }).from(events).where(eq(events.id, afterId));
  const changed = known
    ? inArray(runs.id, db.selectDistinct({ id: sql<string>`${events.runId}` }).from(events).where(and(isNotNull(events.runId), gte(events.time, sql`(select e.time - interval '10 seconds' from events e where e.id = ${afterId})`))))
    : or(inArray(runs.status, [...LIVE_STATUSES]), gte(runs.finishedAt, sql`now() - interval '1 day'`));
  const rows = await db.select().from(runs).where(or(eq(runs.status, "running"), changed)).orderBy(asc(runs.createdAt), asc(runs.key));
  return { runs: rows, lastEventId };
}

/** The id of the newest event, 0 if there is none. */
export async function latestEventId(db: Db): Promise<number> {
  const [latest] = await db.select({ id: sql<string>`coalesce(max(${events.id}), 0)` }).from(events);
  return Number(latest?.id ?? 0);
}
