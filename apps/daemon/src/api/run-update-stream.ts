import { latestEventId, runsChangedSince } from "@minima/db";
import type { RunUpdate } from "@minima/metrics";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { runUpdate } from "../scheduler/run-changes.ts";
import type { Context } from "./context.ts";

/**
 * Where a `runs.onEvent` client stands: the id of the last recorded change it was sent (an
 * events row, the same on every daemon and across restarts), then `.n` for the n-th update since
 * that (epoch ticks, which are not recorded).
 */
export const runEventCursor = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,9})?$/, "lastEventId is what runs.onEvent sent as an id: an event id, optionally followed by .n")
  .refine((id) => Number(id.split(".")[0]) <= Number.MAX_SAFE_INTEGER, "lastEventId is beyond any event id");

/**
 * Every run update from now on, preceded, for a client that resumes after `lastEventId`, by the
 * current state of each run it may have missed (runsChangedSince), whichever daemon it was
 * connected to before. Subscribes before reading the database, so nothing falls between; an
 * update may come twice, which changes nothing (each carries a run's whole state).
 */
export async function* runUpdateStream(ctx: Pick<Context, "db" | "bus">, lastEventId: string | null | undefined, signal: AbortSignal | undefined) {
  const live = ctx.bus.runUpdates(signal);
  let cursor: number;
  let ticks = 0;
  const next = (update: RunUpdate) => {
    if (update.eventId !== null && update.eventId > cursor) {
      [cursor, ticks] = [update.eventId, 0];
      return tracked(String(cursor), update);
    }
    return tracked(`${cursor}.${++ticks}`, update);
  };
  if (lastEventId) {
    const missed = await runsChangedSince(ctx.db, Number(lastEventId.split(".")[0]));
    cursor = missed.lastEventId;
    for (const run of missed.runs) yield next(runUpdate(run, null));
  } else {
    cursor = await latestEventId(ctx.db);
  }
  try {
    for await (const [update] of live) yield next(update);
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
