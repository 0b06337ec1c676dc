import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { migrateDatabase, openDatabase, type Database, type Db } from "@minima/db";
import { ArtifactStore } from "../artifacts/artifact-store.ts";
import { EventBus } from "../daemon/event-bus.ts";
import { silentLogger } from "../daemon/logger.ts";
import { MachineMonitor } from "../machine/machine-monitor.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import type { Services } from "./context.ts";
import { rawRequest } from "./fuzz-wire.ts";
import { Readiness } from "./health.ts";
import { startApiServer } from "./server.ts";

let dataDir: string;
let database: Database;
let bus: EventBus;
let store: ArtifactStore;

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "minima-health-test-"));
  database = await openDatabase({ dataDir });
  await migrateDatabase(database);
  bus = new EventBus();
  store = new ArtifactStore(path.join(dataDir, "artifacts"));
});
after(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Services whose scheduler trains nothing (concurrency 0), started or not as the test says. */
function servicesOn(db: Db): Services {
  const scheduler = new Scheduler({ db, bus, store, daemonId: "health-test", concurrency: 0, logger: silentLogger() });
  return { db, bus, store, scheduler, version: "test", startedAt: Date.now(), engine: () => null, machine: new MachineMonitor({ daemonId: "test", workers: () => scheduler.workers(), gpus: [], logger: silentLogger() }) };
}

async function readyz(url: string): Promise<{ status: number; cacheControl: string | undefined; body: { status: string; failed?: string[]; checks: Record<string, string> } }> {
  const answer = await rawRequest(url, "GET", "/readyz");
  assert.ok(typeof answer !== "string", answer as string);
  return { status: answer.status, cacheControl: answer.headers["cache-control"], body: JSON.parse(answer.body) as never };
}

test("/healthz: 200 {status: ok} without a token while the process serves; HEAD has no body; other methods are 405", async () => {
  const api = await startApiServer(servicesOn(database.db), "127.0.0.1", 0, "*", { logger: silentLogger() });
  try {
    const get = await rawRequest(api.url, "GET", "/healthz");
    assert.ok(typeof get !== "string");
    assert.deepEqual([get.status, get.headers["content-type"], JSON.parse(get.body)], [200, "application/json", { status: "ok" }]);
    const head = await rawRequest(api.url, "HEAD", "/healthz?probe=1");
    assert.deepEqual(typeof head !== "string" && [head.status, head.body], [200, ""]);
    for (const [method, route] of [["POST", "/healthz"], ["OPTIONS", "/healthz"], ["DELETE", "/readyz"]] as const) {
      const refused = await rawRequest(api.url, method, route);
      assert.deepEqual(typeof refused !== "string" && [refused.status, refused.headers.allow], [405, "GET, HEAD"], `${method} ${route}`);
    }
  } finally {
    await api.close();
  }
});

test("/readyz: 503 naming the scheduler until it starts, 200 while it serves, 503 naming shutdown the moment shutdown begins", async () => {
  const services = servicesOn(database.db);
  const readiness = new Readiness(services);
  const api = await startApiServer(services, "127.0.0.1", 0, "*", { logger: silentLogger(), readiness });
  try {
    const starting = await readyz(api.url);
    assert.deepEqual([starting.status, starting.cacheControl, starting.body.status, starting.body.failed], [503, "no-store", "not ready", ["scheduler"]]);
    assert.equal(starting.body.checks.scheduler, "not started");
    services.scheduler.start();
    const ready = await readyz(api.url);
    assert.deepEqual([ready.status, ready.body], [200, { status: "ready", checks: { database: "ok", migrations: "ok", scheduler: "ok", shutdown: "ok" } }]);
    readiness.beginShutdown();
    const draining = await readyz(api.url);
    assert.deepEqual([draining.status, draining.body.failed, draining.body.checks.shutdown], [503, ["shutdown"], "stopping"]);
    await services.scheduler.stop();
    assert.deepEqual((await readyz(api.url)).body.failed, ["scheduler", "shutdown"]);
    const health = await rawRequest(api.url, "GET", "/healthz");
    assert.equal(typeof health !== "string" && health.status, 200, "alive while it drains");
  } finally {
    await services.scheduler.stop();
    await api.close();
  }
});

test("readiness: a database missing migrations names them; one that fails or does not answer within 2 s names the database", async () => {
  const serving = { serving: true, databaseDown: false };
  const bareDir = mkdtempSync(path.join(tmpdir(), "minima-health-bare-"));
  const bare = await openDatabase({ dataDir: bareDir });
  try {
    const unmigrated = await new Readiness({ db: bare.db, scheduler: serving }).report();
    assert.equal(unmigrated.ready, false);
    assert.match(unmigrated.checks.migrations, /^\d+ pending$/);
    assert.equal(unmigrated.checks.database, "ok");
  } finally {
    await bare.close();
    rmSync(bareDir, { recursive: true, force: true });
  }
  const closed = await new Readiness({ db: bare.db, scheduler: serving }).report();
  assert.deepEqual([closed.ready, closed.checks.database], [false, "query failed"]);

  const silent = { execute: () => new Promise(() => undefined) } as unknown as Db;
  const started = performance.now();
  const hung = await new Readiness({ db: silent, scheduler: serving }).report();
  assert.deepEqual([hung.ready, hung.checks.database], [false, "no answer within 2 s"]);
  assert.ok(performance.now() - started < 3000);

  const outage = await new Readiness({ db: database.db, scheduler: { serving: true, databaseDown: true } }).report();
  assert.deepEqual([outage.ready, outage.checks.database], [false, "outage not yet over (writes are being retried)"]);
});
