import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("./gpu-check.sh", import.meta.url));

/** A PATH with only what the script needs before its GPU check, plus `extra` executables. */
function bin(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "minima-gpu-check-"));
  for (const tool of ["dirname", "date"]) symlinkSync(["/usr/bin", "/bin"].map((d) => path.join(d, tool)).find(existsSync)!, path.join(dir, tool));
  for (const [name, body] of Object.entries(extra)) {
    writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

const run = (pathDir: string) => spawnSync("/bin/bash", [script, path.join(pathDir, "out")], { encoding: "utf8", env: { PATH: pathDir, HOME: os.tmpdir() }, timeout: 10_000 });

test("a host without a driver: exit 2 and why, before anything slow", () => {
  const result = run(bin());
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^gpu-check: no nvidia-smi on PATH: this host has no NVIDIA driver.*Run it on a GPU host/);
  assert.equal(result.stdout, "");
});

test("a driver that answers no GPU, or fails: exit 2 with nvidia-smi's own words", () => {
  const failing = run(bin({ "nvidia-smi": `echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."; exit 9` }));
  assert.equal(failing.status, 2);
  assert.match(failing.stderr, /gpu-check: nvidia-smi finds no GPU: NVIDIA-SMI has failed because it couldn't communicate/);
  const none = run(bin({ "nvidia-smi": `echo "No devices were found"` }));
  assert.equal(none.status, 2);
  assert.match(none.stderr, /gpu-check: nvidia-smi lists no GPU: No devices were found/);
});
