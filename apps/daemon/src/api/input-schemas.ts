import { z } from "zod";

/**
 * `lastEventId` of a tracked subscription: the row id the client last received, absent on a first
 * connection. Checked whole here because the procedure makes a JS number of it for its query: one
 * beyond 2^53 would lose digits, one beyond a bigint would fail inside the query, after the
 * subscription had already been reported started.
 */
export const resumeId = z
  .string()
  .refine(
    (text) => /^\d{1,16}$/.test(text) && Number(text) <= Number.MAX_SAFE_INTEGER,
    `Expected the id of the last event received: decimal digits, at most ${Number.MAX_SAFE_INTEGER}; omit it to start from the beginning`,
  )
  .nullish();
