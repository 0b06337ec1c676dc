import { CursorError } from "@minima/db";
import { TRPCError } from "@trpc/server";
import { PlanError } from "../plans/preset.ts";
import { isConnectionError } from "../scheduler/connection-errors.ts";
import { RunControlError } from "../scheduler/run-control.ts";

/**
 * The refusals the daemon's own modules throw (a run's state does not allow an action, a plan
 * is invalid, a cursor was forged) as the API errors they are, wherever in a procedure they are
 * thrown, and a database that is away as a temporary refusal; anything else stays an internal
 * error.
 */
export function refusalOf(cause: unknown): TRPCError | null {
  if (isConnectionError(cause)) {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is unreachable; the daemon keeps trying and its runs keep training. Try again in a moment.", cause });
  }
  if (cause instanceof RunControlError) return new TRPCError({ code: cause.code, message: cause.message, cause });
  if (cause instanceof PlanError || cause instanceof CursorError) return new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  return null;
}
