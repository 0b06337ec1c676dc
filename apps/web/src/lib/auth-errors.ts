/**
 * Whether a failed call means the daemon rejected our token. tRPC client errors carry the
 * procedure error's `code` and `httpStatus` in `data` (HTTP and WebSocket alike).
 */
export function isUnauthorized(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("data" in error)) return false;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return false;
  const { code, httpStatus } = data as { code?: unknown; httpStatus?: unknown };
  return code === "UNAUTHORIZED" || httpStatus === 401;
}

/** Whether retrying could help: not for errors the daemon answered with a 4xx. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("data" in error)) return true;
  const data = (error as { data?: { httpStatus?: unknown } }).data;
  const status = typeof data?.httpStatus === "number" ? data.httpStatus : 0;
  return status < 400 || status >= 500;
}

/**
 * The message of an answer from the dashboard's own server rather than the daemon's tRPC (its proxy
 * says `{"error": "The daemon at … is not answering; is it running?"}` with a 502). tRPC's links
 * keep that body in `meta.responseJSON` (httpLink) or as the error's `cause` (httpBatchStreamLink).
 */
function proxyMessageOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { meta, cause } = error as { meta?: { responseJSON?: unknown }; cause?: unknown };
  for (const body of [meta?.responseJSON, cause]) {
    const message = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
    if (typeof message === "string") return message;
  }
  return null;
}

/** One line a user can act on, for any failed call. */
export function describeError(error: unknown): string {
  if (isUnauthorized(error)) return "The daemon did not accept your token. Sign in again.";
  const fromProxy = proxyMessageOf(error);
  if (fromProxy) return fromProxy;
  const message = error instanceof Error ? error.message : String(error);
  if (/fetch failed|Failed to fetch|NetworkError|ECONNREFUSED|Load failed/i.test(message)) {
    return `Cannot reach the dashboard's server, which forwards your calls to the daemon. Is it running? (${message})`;
  }
  return message;
}
