import assert from "node:assert/strict";
import { test } from "node:test";
import { formatBytes } from "./format-bytes.ts";

void test("sizes in binary units, one decimal below ten", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(45_300_000), "43 MiB");
  assert.equal(formatBytes(0), "0 B");
});
