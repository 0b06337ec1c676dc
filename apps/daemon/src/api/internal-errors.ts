import type { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { randomBytes } from "node:crypto";
import type http from "node:http";
import type { Logger } from "../daemon/logger.ts";

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

/**
 * Logs an internal error at error level under the id its answer quotes (`errorId`), with where it
 * happened and the whole error (`err`: its messages, stacks and causes); returns the id.
 */
export function logInternalError(logger: Logger, error: unknown, where: string): string {
  const errorId = errorIdOf(error);
  logger.error({ errorId, where, err: error }, `internal error ${errorId} in ${where}`);
  return errorId;
}

interface TrpcErrorReport {
  error: TRPCError;
  path?: string | undefined;
  type: string;
  ctx?: { logger: Logger } | undefined;
  req: http.IncomingMessage;
}

/**
 * tRPC's `onError` for both adapters: logs each internal error under the id its answer quotes, on
 * the context's logger (the request's or connection's id bound), or `loggerOf` the request where
 * the context could not be made (a failed token check).
 */
export function logInternalErrors(loggerOf: (req: http.IncomingMessage) => Logger) {
  return ({ error, path, type, ctx, req }: TrpcErrorReport) => {
    // A client's malformed WebSocket frame (ws closes that connection with a fitting code) is not the daemon's failure.
    if (!isInternal(error) || isWebSocketProtocolError(error.cause)) return;
    logInternalError(ctx?.logger ?? loggerOf(req), error, path ? `${path} (${type})` : "a request, before any procedure ran");
  };
}

const isWebSocketProtocolError = (cause: unknown) => {
  const code = cause instanceof Error ? (cause as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("WS_ERR_");
};
