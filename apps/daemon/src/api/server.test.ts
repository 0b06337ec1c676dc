import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { ensureAdmin, findUser, hashToken, issueToken, migrateDatabase, openDatabase, type Database } from "@minima/db";
import { leakIn, rawRequest, sseEvents, wsExchange } from "./fuzz-wire.ts";
import { captureLogs, textOf } from "../../test/logs.ts";
import { createMinimaClient } from "../client/index.ts";
import { ArtifactStore } from "../artifacts/artifact-store.ts";
import { EventBus } from "../daemon/event-bus.ts";
import { silentLogger } from "../daemon/logger.ts";
import { MachineMonitor } from "../machine/machine-monitor.ts";
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
  const scheduler = new Scheduler({ db: database.db, bus, store, daemonId: "server-test", concurrency: 1, logger: silentLogger() });
  // Stopped before it starts: this test serves the API only, and queued runs stay queued.
  await scheduler.stop();
  services = { db: database.db, bus, store, scheduler, version: "test", startedAt: Date.now(), engine: () => null, machine: new MachineMonitor({ daemonId: "test", workers: () => scheduler.workers(), gpus: [], logger: silentLogger() }) };
});
after(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function warningsOn(host: string): Promise<string[]> {
  const { logger, records } = captureLogs("info");
  const api = await startApiServer(services, host, 0, "*", { logger, insecureHttp: true });
  await api.close();
  return records.map((r) => `${r.level}: ${r.msg}`);
}

test("on a non-loopback address the daemon says it is exposed, and warns while no admin holds a live token", async () => {
  assert.deepEqual(await warningsOn("127.0.0.1"), [], "loopback: nothing to say");
  const bare = await warningsOn("0.0.0.0");
  assert.match(bare[0]!, /warn: --insecure-http: the API on 0\.0\.0\.0:\d+ is plain HTTP beyond loopback; tokens cross the network in clear text/);
  assert.match(bare[1]!, /0\.0\.0\.0:\d+ is reachable from the network/);
  assert.match(bare[2]!, /warn: no enabled admin has a live token.*minima token --user admin/);
  await ensureAdmin(database.db);
  const guarded = await warningsOn("0.0.0.0");
  assert.equal(guarded.length, 2, guarded.join("\n"));
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

test("every route answers a method it does not serve with 405 and Allow, OPTIONS with what it serves; an artifact's run id must be a UUID", async () => {
  const api = await startApiServer(services, "127.0.0.1", 0, "*");
  const routes: Array<[string, string, string[]]> = [
    ["/", "GET, HEAD, OPTIONS", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"]],
    ["/trpc/system.health", "GET, POST, OPTIONS", ["HEAD", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"]],
    [`/artifacts/${randomUUID()}/weights.json`, "GET, HEAD, OPTIONS", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"]],
  ];
  try {
    for (const [route, allow, refused] of routes) {
      for (const method of refused) {
        const answer = await rawRequest(api.url, method, route);
        assert.ok(typeof answer !== "string", answer as string);
        assert.equal(answer.status, 405, `${method} ${route}`);
        assert.equal(answer.headers.allow, allow, `${method} ${route}`);
        if (method !== "HEAD") assert.match(answer.body, new RegExp(`answers ${allow}, not ${method}`));
      }
      const options = await rawRequest(api.url, "OPTIONS", route);
      assert.deepEqual(typeof options !== "string" && [options.status, options.headers.allow], [204, allow]);
    }
    const head = await rawRequest(api.url, "HEAD", "/");
    assert.deepEqual(typeof head !== "string" && [head.status, head.body], [200, ""]);
    for (const runId of ["-".repeat(36), "gggggggg-gggg-gggg-gggg-gggggggggggg", "0".repeat(36)]) {
      const notUuid = await fetch(`${api.url}/artifacts/${runId}/weights.json`);
      assert.equal(notUuid.status, 404, runId);
      assert.match(await notUuid.text(), /Artifact downloads are \/artifacts\/<run id>\/<artifact name>, as runs\.artifacts lists them/);
    }
    const elsewhere = await rawRequest(api.url, "TRACE", "/nowhere");
    assert.equal(typeof elsewhere !== "string" && elsewhere.status, 404, "a path that is no route is not found, whatever the method");
    assert.equal((await fetch(`${api.url}/trpc/system.health`)).status, 200);
  } finally {
    await api.close();
  }
});

test("the daemon's own failures reach the client as an id, and its log as the whole error under that id", async () => {
  // A database whose tables are gone: every query of them fails inside the driver, SQL and all.
  const dir = mkdtempSync(path.join(tmpdir(), "minima-server-test-broken-"));
  const broken = await openDatabase({ dataDir: dir });
  await migrateDatabase(broken);
  const { token } = (await ensureAdmin(broken.db))!;
  for (const table of ["runs", "metrics", "artifacts"]) await broken.db.execute(`drop table ${table} cascade`);
  const { logger, records } = captureLogs();
  const api = await startApiServer({ ...services, db: broken.db }, "127.0.0.1", 0, "*", { logger });
  const ids: string[] = [];
  /** The id an answer quotes; asserts it says nothing else, and that the log has the error under it. */
  const idOf = (what: string, message: string | undefined, logged: RegExp[]) => {
    const id = /^Internal error (e-[0-9a-f]{8}); the daemon's log has the details — quote this id when you report it\.$/.exec(message ?? "")?.[1];
    assert.ok(id, `${what}: ${message}`);
    const entries = records.filter((r) => textOf(r).includes(id));
    assert.equal(entries.length, 1, `${what}: one log entry for ${id} in ${JSON.stringify(records, null, 2)}`);
    assert.equal(entries[0]!.level, "error", what);
    assert.equal(entries[0]!.errorId, id, what);
    assert.ok(entries[0]!.reqId ?? entries[0]!.connId, `${what}: the request's or connection's id is on the record`);
    for (const pattern of logged) assert.match(textOf(entries[0]), pattern, what);
    ids.push(id);
  };
  const missing = (table: string) => new RegExp(`relation "${table}" does not exist`);
  const wsUrl = `${api.url.replace(/^http/, "ws")}/trpc`;
  const authorization = `Bearer ${token}`;
  try {
    const overHttp = await fetch(`${api.url}/trpc/runs.list`, { headers: { authorization } });
    assert.equal(overHttp.status, 500);
    const body = await overHttp.text();
    assert.equal(leakIn(body), null, body);
    const { error } = JSON.parse(body) as { error: { message: string; data: Record<string, unknown> } };
    if (!process.env.MINIMA_DEBUG) assert.equal("stack" in error.data, false, "no stack without MINIMA_DEBUG");
    idOf("a query over HTTP", error.message, [/in runs\.list \(query\)/, /Failed query: select/, missing("runs")]);

    const runId = randomUUID();
    const frames = [
      JSON.stringify({ id: 1, method: "query", params: { path: "runs.list" } }),
      JSON.stringify({ id: 2, method: "subscription", params: { path: "runs.onMetrics", input: { id: runId } } }),
    ];
    const overWs = await wsExchange(wsUrl, frames, { authorization }, 500);
    const replies = overWs.messages.map((text) => JSON.parse(text) as { id: number; error?: { message: string }; result?: { type: string } });
    assert.equal(leakIn(overWs.messages.join("\n")), null, overWs.messages.join("\n"));
    idOf("a query over WebSocket", replies.find((r) => r.id === 1)?.error?.message, [/in runs\.list \(query\)/, missing("runs")]);
    assert.ok(replies.some((r) => r.id === 2 && r.result?.type === "started"));
    idOf("a subscription over WebSocket, after it started", replies.find((r) => r.id === 2 && r.error)?.error?.message, [/in runs\.onMetrics \(subscription\)/, missing("metrics")]);

    const stream = await sseEvents(`${api.url}/trpc/runs.onMetrics?input=${encodeURIComponent(JSON.stringify({ id: runId }))}`, { authorization }, 500);
    assert.equal(leakIn(stream.body), null, stream.body);
    const streamed = stream.events.find((e) => e.event === "serialized-error");
    idOf("a subscription over an HTTP event stream", (JSON.parse(streamed?.data ?? "{}") as { message?: string }).message, [/runs\.onMetrics/, missing("metrics")]);

    const download = await fetch(`${api.url}/artifacts/${runId}/weights.json`, { headers: { authorization } });
    assert.equal(download.status, 500);
    const downloaded = await download.text();
    assert.equal(leakIn(downloaded), null, downloaded);
    idOf("an artifact download", (JSON.parse(downloaded) as { error: string }).error, [new RegExp(`GET /artifacts/${runId}/weights\\.json`), missing("artifacts")]);

    // Without its tokens table the daemon cannot check a token: the failed query holds the token's hash.
    await broken.db.execute("drop table tokens cascade");
    const unchecked = await fetch(`${api.url}/trpc/auth.whoami`, { headers: { authorization } });
    const answer = await unchecked.text();
    assert.equal(unchecked.status, 500);
    assert.ok(!answer.includes(hashToken(token)), "the hash stays in the log");
    idOf("a token check", (JSON.parse(answer) as { error: { message: string } }).error.message, [new RegExp(hashToken(token)), missing("tokens")]);

    assert.equal(new Set(ids).size, ids.length, "each failure has its own id");
  } finally {
    await api.close();
    await broken.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
