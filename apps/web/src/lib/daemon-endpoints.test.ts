import assert from "node:assert/strict";
import { test } from "node:test";
import { daemonEndpoints } from "./daemon-endpoints.ts";

void test("http becomes ws and both end in /trpc", () => {
  assert.deepEqual(daemonEndpoints("http://127.0.0.1:4000"), {
    baseUrl: "http://127.0.0.1:4000",
    httpUrl: "http://127.0.0.1:4000/trpc",
    wsUrl: "ws://127.0.0.1:4000/trpc",
  });
});

void test("https becomes wss, a path prefix is kept and trailing slashes dropped", () => {
  const endpoints = daemonEndpoints("https://gpu-3.lab.example/minima//");
  assert.equal(endpoints.httpUrl, "https://gpu-3.lab.example/minima/trpc");
  assert.equal(endpoints.wsUrl, "wss://gpu-3.lab.example/minima/trpc");
});

void test("a URL that is not http(s) is rejected with an actionable message", () => {
  assert.throws(() => daemonEndpoints("127.0.0.1:4000"), /MINIMA_DAEMON_URL must/);
  assert.throws(() => daemonEndpoints("ftp://host"), /http or https/);
});
