import type { Db } from "../client.ts";
import { events } from "../schema/index.ts";

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
