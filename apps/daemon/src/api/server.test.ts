import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { ensureAdmin, findUser, issueToken, migrateDatabase, openDatabase, type Database } from "@minima/db";
import { createMinimaClient } from "../client/index.ts";
import { ArtifactStore } from "../artifacts/artifact-store.ts";
import { EventBus } from "../daemon/event-bus.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import type { Services } from "./context.ts";
import { startApiServer } from "./server.ts";

let dataDir: string;
let database: Database;
let services: Services;

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "minima-server-test-"));
  database = await openDatabase({ dataDir });
  await migrateDatabase(database);
  const bus = new EventBus();
  const store = new ArtifactStore(path.join(dataDir, "artifacts"));
  const scheduler = new Scheduler({ db: database.db, bus, store, daemonId: "server-test", concurrency: 1, log: () => undefined });
  // Stopped before it starts: this test serves the API only, and queued runs stay queued.
  await scheduler.stop();
  services = { db: database.db, bus, store, scheduler, version: "test", startedAt: Date.now(), engine: () => null };
});
after(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function warningsOn(host: string): Promise<string[]> {
  const lines: string[] = [];
  const api = await startApiServer(services, host, 0, "*", { log: (line) => lines.push(line) });
  await api.close();
  return lines;
}

test("on a non-loopback address the daemon says it is exposed, and warns while no admin holds a live token", async () => {
  assert.deepEqual(await warningsOn("127.0.0.1"), [], "loopback: nothing to say");
  const bare = await warningsOn("0.0.0.0");
  assert.match(bare[0]!, /0\.0\.0\.0:\d+ is reachable from the network/);
  assert.match(bare[1]!, /warning: no enabled admin has a live token.*minima token --user admin/);
  await ensureAdmin(database.db);
  const guarded = await warningsOn("0.0.0.0");
  assert.equal(guarded.length, 1, guarded.join("\n"));
});

test("a request body over the limit is refused with PAYLOAD_TOO_LARGE and the server keeps serving", async () => {
  await ensureAdmin(database.db);
  const token = await issueToken(database.db, (await findUser(database.db, "admin"))!.id);
  const api = await startApiServer(services, "127.0.0.1", 0, "*", { maxRequestBytes: 1000 });
  try {
    const big = await fetch(`${api.url}/trpc/experiments.create`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ preset: "x".repeat(2000) }) });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { error: { data: { code: string } } }).error.data.code, "PAYLOAD_TOO_LARGE");
    const health = await fetch(`${api.url}/trpc/system.health`);
    assert.equal(health.status, 200);
  } finally {
    await api.close();
  }
});

test("system: version, engine and host facts, and the queue by status", async () => {
  await ensureAdmin(database.db);
  const token = await issueToken(database.db, (await findUser(database.db, "admin"))!.id);
  const api = await startApiServer(services, "127.0.0.1", 0, "*");
  const client = createMinimaClient({ url: api.url, token });
  try {
    assert.deepEqual(await client.api.system.version.query(), { daemon: "test", node: process.version, api: "trpc-v11" });
    const engine = await client.api.system.engine.query();
    assert.equal(engine.probing, true);
    assert.ok(engine.host.cpus >= 1 && engine.host.memoryGiB > 0);
    const before = await client.api.system.queue.query();
    await client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 } });
    const after = await client.api.system.queue.query();
    assert.equal(after.total, before.total + 4);
    assert.equal(after.byStatus.queued + after.byStatus.blocked, before.byStatus.queued + before.byStatus.blocked + 4);
    assert.equal(after.running, 0);
  } finally {
    await client.close();
    await api.close();
  }
});
