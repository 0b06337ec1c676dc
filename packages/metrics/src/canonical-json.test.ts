import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalJson } from "./canonical-json.ts";

test("equal data serializes alike whatever the key order; undefined members are left out", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1, e: undefined }));
  assert.equal(canonicalJson({ b: 1, a: "x" }), '{"a":"x","b":1}');
  assert.notEqual(canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] }), "array order is data");
  assert.equal(canonicalJson("a\"b"), '"a\\"b"');
});
