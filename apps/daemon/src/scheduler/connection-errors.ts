/** Socket errors of a database that is away (restarting, unreachable), not of a bad query. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/**
 * SQLSTATEs of a server that cut or refused the session: class 08 (connection exception),
 * 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now: a restart), 53300 (too many
 * connections, while every client reconnects at once).
 */
const SERVER_CODES = /^(08...|57P0[123]|53300)$/;

/** pg's own words for a connection that died under it. */
const CLIENT_MESSAGES = /Connection terminated|Client has encountered a connection error|connection is closed|Client was closed/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * Whether a failed query failed because the database could not be reached, so the same query can
 * succeed once it is back; anything else (a constraint, a syntax error, a full disk) fails the
 * same way again. Looks through drizzle's DrizzleQueryError (the driver's error is its `cause`)
 * and Node's AggregateError (one error per address tried).
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const e = error as ErrorLike;
  if (typeof e.code === "string" && (SOCKET_CODES.has(e.code) || SERVER_CODES.test(e.code))) return true;
  if (typeof e.message === "string" && CLIENT_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionError(inner, depth + 1))) return true;
  return isConnectionError(e.cause, depth + 1);
}

/**
 * The driver's own words for a failed query: drizzle's message is the whole statement and its
 * parameters, so the innermost cause is what a run's error or the daemon's log should say.
 */
export function databaseCause(error: unknown): string {
  let inner: unknown = error;
  while (typeof inner === "object" && inner !== null && (inner as ErrorLike).cause) inner = (inner as ErrorLike).cause;
  let e = inner as ErrorLike | null;
  // Node's AggregateError of a refused connection has no message of its own.
  if (Array.isArray(e?.errors) && e.errors.length > 0 && !e.message) e = e.errors[0] as ErrorLike;
  const message = typeof e?.message === "string" && e.message !== "" ? e.message : typeof inner === "string" ? inner : "an error with no message";
  return typeof e?.code === "string" ? `${message} (${e.code})` : message;
}
