import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { ensureAdmin, migrateDatabase, openDatabase, type Database } from "@minima/db";
import { captureLogs } from "../../test/logs.ts";
import { ArtifactStore } from "../artifacts/artifact-store.ts";
import { EventBus } from "../daemon/event-bus.ts";
import { silentLogger } from "../daemon/logger.ts";
import { MachineMonitor } from "../machine/machine-monitor.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { startApiServer, type ApiServer } from "./server.ts";

let dataDir: string;
let database: Database;
let api: ApiServer;
let token: string;
const { logger, records } = captureLogs();

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "minima-request-ids-test-"));
  database = await openDatabase({ dataDir });
  await migrateDatabase(database);
  token = (await ensureAdmin(database.db))!.token;
  const bus = new EventBus();
  const store = new ArtifactStore(path.join(dataDir, "artifacts"));
  const scheduler = new Scheduler({ db: database.db, bus, store, daemonId: "request-ids-test", concurrency: 0, logger: silentLogger() });
  await scheduler.stop();
  // Without its runs table every runs.list fails inside the daemon: an internal error.
  await database.db.execute("drop table runs cascade");
  const services = { db: database.db, bus, store, scheduler, version: "test", startedAt: Date.now(), engine: () => null, machine: new MachineMonitor({ daemonId: "test", workers: () => scheduler.workers(), gpus: [], logger: silentLogger() }) };
  api = await startApiServer(services, "127.0.0.1", 0, "*", { logger });
});
after(async () => {
  await api?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const runsList = (headers: Record<string, string>) => fetch(`${api.url}/trpc/runs.list`, { headers: { authorization: `Bearer ${token}`, ...headers } });

test("a request's x-request-id is echoed, and its internal error is logged under both that id and the error id the client got", async () => {
  const answer = await runsList({ "x-request-id": "abc-123" });
  assert.equal(answer.status, 500);
  assert.equal(answer.headers.get("x-request-id"), "abc-123");
  const { error } = (await answer.json()) as { error: { message: string } };
  const errorId = /^Internal error (e-[0-9a-f]{8});/.exec(error.message)?.[1];
  assert.ok(errorId, error.message);
  const logged = records.filter((r) => r.level === "error" && r.errorId === errorId);
  assert.equal(logged.length, 1, JSON.stringify(records, null, 2));
  assert.equal(logged[0]!.reqId, "abc-123");
  assert.match(logged[0]!.msg, new RegExp(`internal error ${errorId} in runs\\.list \\(query\\)`));
  const access = records.find((r) => r.level === "debug" && r.reqId === "abc-123");
  assert.deepEqual(access && [access.method, access.path, access.status], ["GET", "/trpc/runs.list", 500]);
});

test("an x-request-id that is not a plain short token is replaced by an id of the daemon's, in the header and the log", async () => {
  for (const given of ["x".repeat(65), "<script>", "a b"]) {
    const answer = await runsList({ "x-request-id": given });
    await answer.body?.cancel();
    const id = answer.headers.get("x-request-id") ?? "";
    assert.match(id, /^[0-9a-f]{16}$/, given);
    assert.ok(records.some((r) => r.reqId === id));
    assert.ok(!records.some((r) => r.reqId === given), `${given} is not logged`);
  }
  const plain = await fetch(`${api.url}/`);
  assert.match(plain.headers.get("x-request-id") ?? "", /^[0-9a-f]{16}$/, "a request without one gets one too");
});
