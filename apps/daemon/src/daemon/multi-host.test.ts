import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { listRuns } from "@minima/db";
import { events } from "@minima/db/schema";
import { createTestDatabase, testEngines, type TestDatabase } from "@minima/db/testing";
import { fromColumns, type MetricRow } from "@minima/metrics";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { spawnDaemon, waitFor, type DaemonProcess } from "../../test/harness.ts";

// Several daemons need a PostgreSQL server (PGlite is one process). Under CI, testEngines()
// fails when none is configured, so these tests cannot be skipped there.
const skip = testEngines().includes("postgres") ? false : "MINIMA_TEST_DATABASE_URL is not set: the multi-host tests need a PostgreSQL server";

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of children) c.kill("SIGKILL");
  for (const cleanup of cleanups) await cleanup();
});

interface Host extends DaemonProcess {
  id: string;
}

async function host(url: string, concurrency: number, env: NodeJS.ProcessEnv = {}): Promise<Host> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-host-test-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const daemon = await spawnDaemon(["--data-dir", dataDir, "--database-url", url, "--concurrency", String(concurrency)], env);
  children.push(daemon.child);
  return { ...daemon, id: `${hostname()}:${dataDir}` };
}

/** A fresh database and an artifact folder all the test's hosts share, as a shared mount would be. */
async function freshDatabase(): Promise<TestDatabase & { shared: NodeJS.ProcessEnv }> {
  const t = await createTestDatabase("postgres");
  cleanups.push(() => t.dispose());
  const artifacts = mkdtempSync(path.join(tmpdir(), "minima-shared-artifacts-"));
  cleanups.push(() => rmSync(artifacts, { recursive: true, force: true }));
  return Object.assign(t, { shared: { MINIMA_ARTIFACTS_DIR: artifacts } });
}

const tokenOf = (d: DaemonProcess) => /MINIMA_TOKEN=(\S+)/.exec(d.output())![1]!;

async function stopAll(hosts: Host[], clients: MinimaClient[]) {
  for (const c of clients) await c.close();
  const running = hosts.filter((h) => h.child.exitCode === null && h.child.signalCode === null);
  await Promise.all(
    running.map((h) => {
      h.child.kill("SIGTERM");
      return new Promise((resolve) => h.child.once("exit", resolve));
    }),
  );
}

test("three daemons on one PostgreSQL: no run is claimed twice, all finish, and a subscriber on the API-only daemon sees every run's events and metrics", { skip }, async () => {
  const t = await freshDatabase();
  const front = await host(t.url!, 0, t.shared);
  const token = tokenOf(front);
  const workers = [await host(t.url!, 1, t.shared), await host(t.url!, 1, t.shared)];
  const client = createMinimaClient({ url: front.url, token });
  const { api } = client;

  const seen: Array<{ runId: string; status: string }> = [];
  const eventSub = api.runs.onEvent.subscribe({}, { onData: ({ data }) => void seen.push(data) });
  const ids = [];
  // Two seeds: the same experiment twice would train its runs once (the second takes the first's results).
  for (const seed of [1, 2]) ids.push((await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.002, seed } })).id);
  const runs = (await Promise.all(ids.map((id) => api.experiments.get.query({ id })))).flatMap((e) => e.runs);
  const streamed = new Map<string, MetricRow[]>(runs.map((r) => [r.id, []]));
  const metricSubs = runs.map((r) => api.runs.onMetrics.subscribe({ id: r.id }, { onData: ({ data }) => void streamed.get(r.id)!.push(...fromColumns(data)) }));

  await waitFor(
    "all 8 runs to finish",
    async () => {
      const now = await listRuns(t.database.db);
      if (now.some((r) => r.status === "failed")) throw new Error(`a run failed: ${now.find((r) => r.status === "failed")!.error}`);
      return now.every((r) => r.status === "succeeded");
    },
    300_000,
  );
  const started = (await t.database.db.select().from(events)).filter((e) => e.type === "run.started");
  assert.deepEqual(started.map((e) => e.runId).sort(), runs.map((r) => r.id).sort(), "each run started exactly once");
  assert.ok((await listRuns(t.database.db)).every((r) => r.attempt === 1), "and was claimed once");
  const executedBy = new Set(started.map((e) => e.data.daemonId));
  assert.deepEqual([...executedBy].sort(), workers.map((w) => w.id).sort(), "both worker daemons ran runs; the API-only one none");

  await waitFor("the front daemon's subscribers to catch up", async () => {
    for (const run of runs) {
      if (!seen.some((e) => e.runId === run.id && e.status === "succeeded")) return false;
      if (streamed.get(run.id)!.length !== (await api.runs.metrics.query({ id: run.id })).length) return false;
    }
    return true;
  });
  for (const run of runs) {
    assert.ok(seen.some((e) => e.runId === run.id && e.status === "running"), `the front daemon saw ${run.key} start elsewhere`);
    const stored = await api.runs.metrics.query({ id: run.id });
    assert.deepEqual(streamed.get(run.id)!.map((r) => r.id), stored.map((r) => r.id), `every point of ${run.key}, once, in order`);
  }
  eventSub.unsubscribe();
  for (const sub of metricSubs) sub.unsubscribe();
  await stopAll([front, ...workers], [client]);
});

test("kill -9 of a daemon: when its heartbeat goes stale, another daemon takes its run back and finishes it", { skip }, async () => {
  const t = await freshDatabase();
  const fast = { ...t.shared, MINIMA_HEARTBEAT_SECONDS: "1", MINIMA_HEARTBEAT_TIMEOUT_SECONDS: "5" };
  const first = await host(t.url!, 1, fast);
  const token = tokenOf(first);
  const second = await host(t.url!, 1, fast);
  const hosts = [first, second];
  const client = createMinimaClient({ url: second.url, token });
  const { id } = await client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.005 } });
  const b = (await client.api.experiments.get.query({ id })).runs.find((r) => r.key === "b")!;
  const victim = await waitFor(
    "(b) to be training",
    async () => {
      const run = await client.api.runs.get.query({ id: b.id });
      return run.status === "running" && run.epoch > 0 ? hosts.find((h) => h.id === run.daemonId) : null;
    },
    180_000,
  );
  const survivor = hosts.find((h) => h !== victim)!;
  victim.child.kill("SIGKILL");
  const survivorClient = createMinimaClient({ url: survivor.url, token });

  const done = await waitFor(
    "every run to finish on the surviving daemon",
    async () => {
      const { experiment, runs } = await survivorClient.api.experiments.get.query({ id });
      if (experiment.runCounts.failed > 0) throw new Error("a run failed");
      return experiment.runCounts.succeeded === 4 ? runs : null;
    },
    300_000,
  );
  const bAfter = done.find((r) => r.key === "b")!;
  assert.equal(bAfter.attempt, 2, "(b) was claimed a second time");
  const history = await survivorClient.api.runs.events.query({ id: b.id });
  const requeued = history.find((e) => e.type === "run.requeued");
  assert.ok(requeued, "its return to the queue is recorded");
  assert.equal(requeued.data.reason, `daemon ${victim.id} stopped sending heartbeats`);
  assert.equal(requeued.data.by, survivor.id);
  assert.equal(history.filter((e) => e.type === "run.started").at(-1)?.data.daemonId, survivor.id);
  const epochs = (await survivorClient.api.runs.metrics.query({ id: b.id })).filter((m) => m.name === "train_acc").map((m) => m.epoch);
  assert.equal(new Set(epochs).size, epochs.length, "(b)'s curve holds no epoch twice");
  assert.equal(epochs.at(-1), bAfter.epochs);
  await stopAll(hosts, [client, survivorClient]);
});
