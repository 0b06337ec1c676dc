#!/usr/bin/env node
// Runs the *.test.ts files under the given folders (default: the current package) in one
// node:test run, with tsx as the TypeScript loader, so the output ends in one summary.
// Usage: node scripts/run-tests.mjs [--e2e|--all] [--timings FILE] [dir or file ...]
// --timings FILE also writes each file's time there, slowest first (scripts/test-timings.mjs).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const mode = args.includes("--all") ? "all" : args.includes("--e2e") ? "e2e" : "unit";
const timingsAt = args.indexOf("--timings");
const timingsFile = timingsAt >= 0 ? args[timingsAt + 1] : undefined;
if (timingsAt >= 0 && !timingsFile) {
  console.error("--timings needs a file to write to, e.g. --timings /tmp/test-timings.txt");
  process.exit(2);
}
const roots = args.filter((a, i) => !a.startsWith("--") && !(timingsAt >= 0 && i === timingsAt + 1));
const skip = new Set(["node_modules", ".next", "dist", ".git", ".tools", ".minima"]);

function find(dir, out = []) {
  if (statSync(dir).isFile()) return [...out, dir];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) find(full, out);
    else if (entry.name.endsWith(".test.ts")) {
      const isE2e = entry.name.endsWith(".e2e.test.ts");
      if (mode === "all" || (mode === "e2e") === isE2e) out.push(full);
    }
  }
  return out;
}

const files = (roots.length ? roots : ["."]).flatMap((root) => find(path.resolve(root))).sort();
if (files.length === 0) {
  console.error(`No ${mode} test files found under ${roots.join(", ") || process.cwd()}.`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    "--import", "tsx", "--test", "--test-reporter=spec", "--test-reporter-destination=stdout",
    ...(timingsFile ? [`--test-reporter=${new URL("./test-timings.mjs", import.meta.url).pathname}`, `--test-reporter-destination=${timingsFile}`] : []),
    ...files,
  ],
  { stdio: "inherit", env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? "2" } },
);
process.exit(result.status ?? 1);
