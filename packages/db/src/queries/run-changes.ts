import { RUN_ACTIONS, type RunAction, type RunEventType, type RunStatus, type StopRequest } from "@minima/metrics";
import { and, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { events, runs } from "../schema/index.ts";
import type { RunRow } from "./runs.ts";

/** A transaction, or the database itself where one statement is all there is. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;

/** A run's row after a change, and the event row that recorded it (its id orders every change, on every host). */
export interface RunChange {
  run: RunRow;
  eventId: number;
  type: RunEventType;
}

export interface RunEventInput {
  type: RunEventType;
  /** Who asked for it; absent: a daemon did it. */
  actorId?: string | null;
  data?: Record<string, unknown>;
}

type RunPatch = { [K in keyof RunRow]?: RunRow[K] | SQL };

export interface RunChangeRequest {
  action: RunAction;
  /** `asks`: the action is only asked of a running run (a stop request), not carried out. */
  mode?: "does" | "asks";
  set: RunPatch;
  /** The event each changed run gets, from its new row. */
  event: (run: RunRow) => RunEventInput;
}

/** The rows a change applies to: those in the statuses (and, for an ask, with the pending stop requests) the lifecycle allows. */
function allowed(request: RunChangeRequest): SQL | null {
  const rule: { from: readonly RunStatus[]; asks?: readonly RunStatus[]; replaces?: readonly (StopRequest | null)[] } = RUN_ACTIONS[request.action];
  if (request.mode !== "asks") return rule.from.length > 0 ? inArray(runs.status, [...rule.from]) : null;
  const statuses = rule.asks ?? [];
  const replaced = (rule.replaces ?? []).filter((r): r is StopRequest => r !== null);
  const pending = or(rule.replaces?.includes(null) ? isNull(runs.stopRequest) : undefined, replaced.length > 0 ? inArray(runs.stopRequest, replaced) : undefined);
  return statuses.length > 0 && pending ? and(inArray(runs.status, [...statuses]), pending)! : null;
}

/**
 * The one way a run's status or stop request changes. The rows of `ids` that the lifecycle
 * allows `action` from (or, for an ask, allows it to be asked of) are updated, and each gets its event, in the caller's transaction (run
 * it in `db.transaction` so both or neither are stored). Returns what changed; a run in another
 * status is left as it is and is not in the result.
 */
export async function changeRuns(q: Queryable, ids: readonly string[], request: RunChangeRequest): Promise<RunChange[]> {
  const where = allowed(request);
  if (ids.length === 0 || !where) return [];
  const rows = await q
    .update(runs)
    .set(request.set)
    .where(and(inArray(runs.id, [...ids]), where))
    .returning();
  if (rows.length === 0) return [];
  const inputs = rows.map((run) => ({ run, ...request.event(run) }));
  const recorded = await q
    .insert(events)
    .values(inputs.map((e) => ({ type: e.type, runId: e.run.id, experimentId: e.run.experimentId, actorId: e.actorId ?? null, data: e.data ?? {} })))
    .returning({ id: events.id, runId: events.runId });
  const eventIdOf = new Map(recorded.map((e) => [e.runId, e.id]));
  return inputs.map((e) => ({ run: e.run, eventId: eventIdOf.get(e.run.id)!, type: e.type }));
}

/** `changeRuns` for one run: its change, or null when its status does not allow the action. */
export async function changeRun(q: Queryable, id: string, request: RunChangeRequest): Promise<RunChange | null> {
  return (await changeRuns(q, [id], request))[0] ?? null;
}

/**
 * What a run that stops running sets: its clock stops (the time from its start to `endedAt`,
 * default now, is added to `activeMs`, so paused or queued time never counts), and no daemon
 * holds it or owes it a stop.
 */
export function leavingRunning(endedAt: SQL = sql`now()`): RunPatch {
  return {
    activeMs: sql`${runs.activeMs} + greatest(coalesce((extract(epoch from (${endedAt} - ${runs.startedAt})) * 1000)::bigint, 0), 0)`,
    daemonId: null,
    stopRequest: null,
  };
}
