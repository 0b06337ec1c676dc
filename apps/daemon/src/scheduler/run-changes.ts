import type { Db, RunChange, RunRow, Tx } from "@minima/db";
import type { RunUpdate } from "@minima/metrics";
import type { EventBus } from "../daemon/event-bus.ts";

/** What `runs.onEvent` says of a run's row; `eventId` names the event that recorded the change (null: an epoch tick). */
export function runUpdate(run: RunRow, eventId: number | null): RunUpdate {
  return {
    eventId,
    runId: run.id,
    experimentId: run.experimentId,
    status: run.status,
    epoch: run.epoch,
    epochs: run.epochs,
    stopRequest: run.stopRequest,
    backend: run.backend,
  };
}

/** The update announcing that a run's (or its experiment's) name, notes or tags changed (event `eventId`). */
export function annotatedUpdate(run: RunRow, eventId: number): RunUpdate {
  return { ...runUpdate(run, eventId), annotated: true };
}

/**
 * The daemon's one way to change runs. `change` runs in one transaction and returns what it
 * changed (the queries in @minima/db that take a transaction: each writes the rows the lifecycle
 * allows and their events); once it has committed, each change is announced from its returned
 * row, to this daemon's subscribers and every other daemon's. Nothing is announced that was not
 * stored, and nothing stored goes unannounced.
 */
export async function commitRunChanges<T extends Changed>(deps: { db: Db; bus: EventBus }, change: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await deps.db.transaction(change);
  for (const { run, eventId } of changesOf(result)) deps.bus.publishRunUpdate(runUpdate(run, eventId));
  return result;
}

/** What the queries that change runs return: the changes, one change or none, or a result holding its changes. */
type Changed = RunChange[] | RunChange | { changes: RunChange[] } | null;

function changesOf(result: Changed): RunChange[] {
  if (result === null) return [];
  if (Array.isArray(result)) return result;
  return "changes" in result ? result.changes : [result];
}
