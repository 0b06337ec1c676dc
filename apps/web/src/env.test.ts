import assert from "node:assert/strict";
import { test } from "node:test";
import { readServerEnv } from "./env.ts";

void test("the daemon URL defaults to the local daemon", () => {
  assert.equal(readServerEnv({}).MINIMA_DAEMON_URL, "http://127.0.0.1:4000");
  assert.equal(readServerEnv({ MINIMA_DAEMON_URL: "" }).MINIMA_DAEMON_URL, "http://127.0.0.1:4000");
});

void test("a configured URL is used; a malformed one is an error naming the variable", () => {
  assert.equal(readServerEnv({ MINIMA_DAEMON_URL: "http://gpu-3:4100" }).MINIMA_DAEMON_URL, "http://gpu-3:4100");
  assert.throws(() => readServerEnv({ MINIMA_DAEMON_URL: "gpu-3:4100" }), /MINIMA_DAEMON_URL/);
});
