import assert from "node:assert/strict";
import type http from "node:http";
import { test } from "node:test";
import { acceptsGzip, varyOnEncoding } from "./compression.ts";

const asking = (acceptEncoding?: string) => ({ headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } }) as http.IncomingMessage;

test("gzip is taken when named with no q or a q above 0, and refused by q=0 or by its absence", () => {
  for (const taken of ["gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "identity, gzip ; q=0.001"]) assert.equal(acceptsGzip(asking(taken)), true, taken);
  for (const refused of [undefined, "", "identity", "br, deflate", "gzip;q=0", "gzip; q=0.000, identity", "x-gzip2"]) assert.equal(acceptsGzip(asking(refused)), false, String(refused));
});

test("Vary gains Accept-Encoding once, keeping what it named", () => {
  assert.equal(varyOnEncoding(undefined), "Accept-Encoding");
  assert.equal(varyOnEncoding("Origin"), "Origin, Accept-Encoding");
  assert.equal(varyOnEncoding("origin, accept-encoding"), "origin, accept-encoding");
  assert.equal(varyOnEncoding(["Origin", "Cookie"]), "Origin, Cookie, Accept-Encoding");
});
