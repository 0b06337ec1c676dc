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

void test("a network failure names the daemon URL", () => {
  assert.match(describeError(new TypeError("Failed to fetch"), "http://127.0.0.1:4000"), /Cannot reach the daemon at http:\/\/127\.0\.0\.1:4000/);
  assert.match(describeError(trpcError("UNAUTHORIZED", 401), "x"), /Sign in again/);
  assert.equal(describeError(new Error("Run r9 not found."), "x"), "Run r9 not found.");
});
