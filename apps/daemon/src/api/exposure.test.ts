import assert from "node:assert/strict";
import { test } from "node:test";
import { isLoopback, plainHttpRefusal } from "./exposure.ts";

test("loopback is 127.0.0.0/8, ::1 and localhost; 0.0.0.0, :: and every other address or name reach the network", () => {
  for (const host of ["127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost"]) assert.equal(isLoopback(host), true, host);
  for (const host of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "::ffff:10.0.0.5", "fe80::1", "example.org", "128.0.0.1"]) assert.equal(isLoopback(host), false, host);
});

test("plain HTTP beyond loopback is refused with the three ways out; TLS or --insecure-http allows it", () => {
  const refusal = plainHttpRefusal("0.0.0.0", false, false);
  assert.match(refusal ?? "", /Refusing to serve the API on 0\.0\.0\.0 over plain HTTP/);
  for (const way of [/--tls-cert <cert\.pem> --tls-key <key\.pem>/, /reverse proxy/, /--insecure-http \(MINIMA_INSECURE_HTTP=1\)/]) assert.match(refusal ?? "", way);
  assert.ok(plainHttpRefusal("::", false, false));
  assert.equal(plainHttpRefusal("0.0.0.0", true, false), null, "TLS");
  assert.equal(plainHttpRefusal("0.0.0.0", false, true), null, "--insecure-http");
  assert.equal(plainHttpRefusal("127.0.0.1", false, false), null, "loopback");
});
