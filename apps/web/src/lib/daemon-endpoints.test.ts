import assert from "node:assert/strict";
import { test } from "node:test";
import { daemonEndpoints } from "./daemon-endpoints.ts";

void test("an http page talks to /trpc on its own origin over http and ws", () => {
  assert.deepEqual(daemonEndpoints({ protocol: "http:", host: "127.0.0.1:3000" }), {
    httpUrl: "http://127.0.0.1:3000/trpc",
    wsUrl: "ws://127.0.0.1:3000/trpc",
  });
});

void test("an https page uses wss, keeping the host and port it was served from", () => {
  assert.deepEqual(daemonEndpoints({ protocol: "https:", host: "[fd00::7]:8443" }), {
    httpUrl: "https://[fd00::7]:8443/trpc",
    wsUrl: "wss://[fd00::7]:8443/trpc",
  });
});
