import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { startPrivatePostgres } from "@minima/db/testing";
import { rawRequest } from "../api/fuzz-wire.ts";
import { spawnDaemon, waitFor, type DaemonProcess } from "../../test/harness.ts";
import { exited } from "../../test/restarts.ts";

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Answer {
  status: number;
  failed: string[];
  checks: Record<string, string>;
}

async function probe(daemon: DaemonProcess, target: "/readyz" | "/healthz"): Promise<Answer> {
  const answer = await rawRequest(daemon.url, "GET", target);
  if (typeof answer === "string") throw new Error(`${target}: ${answer}`);
  const body = JSON.parse(answer.body) as { failed?: string[]; checks?: Record<string, string> };
  return { status: answer.status, failed: body.failed ?? [], checks: body.checks ?? {} };
}

test("/readyz on PostgreSQL: 503 naming the database while it is away, 200 once it is back, and 503 naming shutdown from SIGTERM until the port closes", async (t) => {
  const pg = await startPrivatePostgres();
  if (!pg) {
    if (process.env.CI) throw new Error("CI needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) for the readiness test.");
    return t.skip("no PostgreSQL server binaries: this test stops a server of its own");
  }
  cleanups.push(() => pg.dispose());
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-readiness-test-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  // While the database is away, shutdown waits this long for it (to put runs back in the queue): the drain window.
  const env = { MINIMA_SHUTDOWN_GRACE_SECONDS: "8", MINIMA_HEARTBEAT_SECONDS: "1", MINIMA_HEARTBEAT_TIMEOUT_SECONDS: "3" };
  const daemon = await spawnDaemon(["--data-dir", dataDir, "--database-url", pg.url, "--concurrency", "0"], env);
  cleanups.push(() => void daemon.child.kill("SIGKILL"));

  await waitFor("readiness", async () => (await probe(daemon, "/readyz")).status === 200, 20_000);
  await pg.stop();
  const away = await waitFor("/readyz to notice the database is away", async () => {
    const answer = await probe(daemon, "/readyz");
    return answer.status === 503 ? answer : null;
  }, 20_000);
  assert.ok(away.failed.includes("database"), JSON.stringify(away));
  assert.notEqual(away.checks.database, "ok");
  assert.equal(away.checks.shutdown, "ok");
  assert.equal((await probe(daemon, "/healthz")).status, 200, "alive while its database is away");
  assert.doesNotMatch(JSON.stringify(away), /127\.0\.0\.1|postgres:|minima:minima|select/i, "nothing of the database's whereabouts");

  await pg.start();
  await waitFor("/readyz to be 200 again with the database back", async () => (await probe(daemon, "/readyz")).status === 200, 30_000);

  await pg.stop();
  daemon.child.kill("SIGTERM");
  const draining = await waitFor("/readyz to name the shutdown", async () => {
    const answer = await probe(daemon, "/readyz");
    return answer.checks.shutdown === "stopping" ? answer : null;
  }, 5000);
  assert.equal(draining.status, 503);
  assert.ok(draining.failed.includes("shutdown"), JSON.stringify(draining));
  assert.equal((await probe(daemon, "/healthz")).status, 200, "still serving while it drains");
  // Its exit code says the database could not be told it stopped; that it exits at all is what counts here.
  await exited(daemon.child);
});
