import assert from "node:assert/strict";
import { test } from "node:test";
import { describeError, isRetryable, isUnauthorized } from "./auth-errors.ts";

const trpcError = (code: string, httpStatus: number) =>
  Object.assign(new Error(code.toLowerCase()), { data: { code, httpStatus } });

void test("UNAUTHORIZED from the daemon is recognised, other errors are not", () => {
  assert.equal(isUnauthorized(trpcError("UNAUTHORIZED", 401)), true);
  assert.equal(isUnauthorized({ data: { httpStatus: 401 } }), true);
  assert.equal(isUnauthorized(trpcError("FORBIDDEN", 403)), false);
  assert.equal(isUnauthorized(new Error("fetch failed")), false);
  assert.equal(isUnauthorized(null), false);
});

void test("client errors are not retried; network and server errors are", () => {
  assert.equal(isRetryable(trpcError("NOT_FOUND", 404)), false);
  assert.equal(isRetryable(trpcError("INTERNAL_SERVER_ERROR", 500)), true);
  assert.equal(isRetryable(new TypeError("Failed to fetch")), true);
});

void test("a network failure points at the dashboard's server; the proxy's own answer is shown as it is", () => {
  assert.match(describeError(new TypeError("Failed to fetch")), /Cannot reach the dashboard's server.*\(Failed to fetch\)/);
  assert.match(describeError(trpcError("UNAUTHORIZED", 401)), /Sign in again/);
  assert.equal(describeError(new Error("Run r9 not found.")), "Run r9 not found.");
  const down = "The daemon at http://127.0.0.1:4000 is not answering; is it running?";
  // httpLink keeps the body in meta.responseJSON, httpBatchStreamLink makes it the error's cause.
  assert.equal(describeError(Object.assign(new Error("Unable to transform response from server"), { meta: { responseJSON: { error: down } } })), down);
  assert.equal(describeError(Object.assign(new Error("Unknown error"), { cause: { error: down } })), down);
});
