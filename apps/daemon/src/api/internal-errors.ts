import type { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";

/**
 * A failure the daemon did not mean to report (a failed query, a bug) is answered with an id and
 * nothing else: its message can hold SQL, parameters, user ids or token hashes. The log holds the
 * whole error under the same id.
 */

const ids = new WeakMap<object, string>();

/** A 5xx other than the deliberate 503 of a database that is away: the daemon's own failure, not a refusal. */
export const isInternal = (error: TRPCError) => getHTTPStatusCodeFromError(error) >= 500 && error.code !== "SERVICE_UNAVAILABLE";

/**
 * The id a failure goes by, given on first asking. tRPC may wrap one thrown error in a fresh
 * TRPCError for the log and another for the answer, so a wrapper's id is its cause's.
 */
export function errorIdOf(error: unknown): string {
  const key = isObject(error) && isObject((error as { cause?: unknown }).cause) ? (error as { cause: object }).cause : error;
  let id = isObject(key) ? ids.get(key) : undefined;
  if (!id) {
    id = `e-${randomBytes(4).toString("hex")}`;
    if (isObject(key)) ids.set(key, id);
  }
  return id;
}

const isObject = (value: unknown): value is object => (typeof value === "object" && value !== null) || typeof value === "function";

export const internalErrorMessage = (id: string) => `Internal error ${id}; the daemon's log has the details — quote this id when you report it.`;

/** The log's line: the id, where it happened, and the error with its stack and causes. */
export const internalErrorLine = (id: string, where: string, error: unknown) => `internal error ${id} in ${where}: ${inspect(error, { depth: 6 })}`;

/** tRPC's `onError` for both adapters: logs each internal error under the id its answer quotes. */
export function logInternalErrors(log: (message: string) => void) {
  return ({ error, path, type }: { error: TRPCError; path?: string | undefined; type: string }) => {
    // A client's malformed WebSocket frame (ws closes that connection with a fitting code) is not the daemon's failure.
    if (!isInternal(error) || isWebSocketProtocolError(error.cause)) return;
    log(internalErrorLine(errorIdOf(error), path ? `${path} (${type})` : "a request, before any procedure ran", error));
  };
}

const isWebSocketProtocolError = (cause: unknown) => {
  const code = cause instanceof Error ? (cause as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("WS_ERR_");
};
