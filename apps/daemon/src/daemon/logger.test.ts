import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { spawnDaemon } from "../../test/harness.ts";
import { logRecordsIn, type LogRecord } from "../../test/logs.ts";

const dirs: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `minima daemon` with `args`, calls `act` with its URL once it listens, stops it with SIGTERM; its stdout. */
async function daemonStdout(args: string[], act: (url: string) => Promise<void> = () => Promise.resolve()): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-logger-test-"));
  dirs.push(dataDir);
  const daemon = await spawnDaemon(["--data-dir", dataDir, "--concurrency", "0", ...args]);
  children.push(daemon.child);
  await act(daemon.url);
  const exited = new Promise((resolve) => daemon.child.once("exit", resolve));
  daemon.child.kill("SIGTERM");
  assert.equal(await exited, 0, daemon.output());
  return daemon.stdout();
}

const PLAIN = /^MINIMA_(DAEMON_URL|TOKEN)=\S+$/;

test("--log-format json: stdout is JSON lines with level, ISO time and msg, besides the plain MINIMA_ lines; a request's access line at debug has no query", async () => {
  const stdout = await daemonStdout(["--log-format", "json", "--log-level", "debug"], async (url) => {
    const answer = await fetch(`${url}/trpc/system.health?input=${encodeURIComponent('{"secret":"s3cr3t"}')}`, { headers: { "x-request-id": "abc-123" } });
    assert.equal(answer.headers.get("x-request-id"), "abc-123");
  });
  const lines = stdout.split("\n").filter((line) => line !== "");
  const plain = lines.filter((line) => PLAIN.test(line));
  assert.deepEqual(plain.map((line) => line.split("=")[0]).sort(), ["MINIMA_DAEMON_URL", "MINIMA_TOKEN"], stdout);
  const records: LogRecord[] = lines.filter((line) => !PLAIN.test(line)).map((line) => JSON.parse(line) as LogRecord);
  for (const record of records) {
    assert.match(record.level, /^(debug|info|warn|error)$/, JSON.stringify(record));
    assert.ok(!Number.isNaN(Date.parse(record.time)) && record.time.endsWith("Z"), JSON.stringify(record));
    assert.equal(typeof record.msg, "string", JSON.stringify(record));
  }
  assert.ok(records.some((r) => r.level === "info" && /listening on http/.test(r.msg)), stdout);
  assert.ok(records.some((r) => r.level === "info" && /stopping workers/.test(r.msg) && r.reason === "SIGTERM"), stdout);
  assert.ok(!stdout.includes(`"msg":"MINIMA_TOKEN`) && !records.some((r) => JSON.stringify(r).includes("mnm_")), "the token is in no record");
  const access = records.find((r) => r.reqId === "abc-123");
  assert.deepEqual(access && { level: access.level, method: access.method, path: access.path, status: access.status }, { level: "debug", method: "GET", path: "/trpc/system.health", status: 200 });
  assert.equal(typeof access?.ms, "number");
  assert.ok(!stdout.includes("s3cr3t"), "a query's input stays out of the log");
});

test("--log-level warn leaves out the info lines", async () => {
  const stdout = await daemonStdout(["--log-format", "json", "--log-level", "warn"]);
  assert.match(stdout, /^MINIMA_DAEMON_URL=/m);
  const info = logRecordsIn(stdout).filter((r) => r.level === "info" || r.level === "debug");
  assert.deepEqual(info, []);
});

test("--log-format pretty: readable lines, no JSON", async () => {
  const stdout = await daemonStdout(["--log-format", "pretty"]);
  assert.deepEqual(logRecordsIn(stdout), []);
  assert.match(stdout, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: daemon \S+ listening on http/m);
  assert.match(stdout, /^MINIMA_DAEMON_URL=http\S+$/m);
});
