import assert from "node:assert/strict";
import { test } from "node:test";
import { downloadName } from "./artifact-files.ts";

void test("a folder saves as .tar, JSON as .json, other bytes under the artifact's name", () => {
  assert.equal(downloadName("weights", "application/x-tar"), "weights.tar");
  assert.equal(downloadName("boundary", "application/json"), "boundary.json");
  assert.equal(downloadName("boundary.json", "application/json"), "boundary.json");
  assert.equal(downloadName("confusion-set.bin", "application/octet-stream"), "confusion-set.bin");
  assert.equal(downloadName("x", null), "x");
});
