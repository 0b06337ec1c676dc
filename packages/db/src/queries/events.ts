import { asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { events, users } from "../schema/index.ts";

export interface EventInput {
  type: string;
  experimentId?: string | null;
  runId?: string | null;
  actorId?: string | null;
  data?: Record<string, unknown>;
}

/** Records a state change and who made it (no actor: the daemon itself). */
export async function appendEvent(db: Db, event: EventInput): Promise<void> {
  await db.insert(events).values({
    type: event.type,
    experimentId: event.experimentId ?? null,
    runId: event.runId ?? null,
    actorId: event.actorId ?? null,
    data: event.data ?? {},
  });
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
