import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { startPrivatePostgres, type PrivatePostgres } from "@minima/db/testing";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { spawnDaemon, waitFor, type DaemonProcess } from "../../test/harness.ts";

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of children) c.kill("SIGKILL");
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A daemon process on the test's own server; short heartbeats, so that the outage outlasts their timeout. */
async function host(url: string, artifacts: string): Promise<DaemonProcess & { id: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-restart-test-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { MINIMA_ARTIFACTS_DIR: artifacts, MINIMA_HEARTBEAT_SECONDS: "1", MINIMA_HEARTBEAT_TIMEOUT_SECONDS: "3" };
  const daemon = await spawnDaemon(["--data-dir", dataDir, "--database-url", url, "--concurrency", "2"], env);
  children.push(daemon.child);
  return { ...daemon, id: `${hostname()}:${dataDir}` };
}

/** Whether the daemon still answers HTTP: its root page, and a tRPC query (an error response is an answer). */
async function answers(d: DaemonProcess, client: MinimaClient): Promise<boolean> {
  if (d.child.exitCode !== null || d.child.signalCode !== null) return false;
  const root = await fetch(d.url);
  if (!root.ok) return false;
  const query = await client.api.runs.list.query({}).then(
    () => "data",
    (error: unknown) => (error instanceof Error && /fetch failed|ECONNREFUSED|socket hang up/.test(error.message) ? null : "error response"),
  );
  return query !== null;
}

/** The epochs at which a toy run of `epochs` epochs reports its metrics (toy-config.ts: logEvery). */
const loggedEpochs = (epochs: number) => {
  const every = Math.max(1, Math.floor(epochs / 1000));
  return Array.from({ length: epochs }, (_, i) => i + 1).filter((e) => e % every === 0 || e === epochs);
};

test("PostgreSQL restarts under two daemons while runs train: both keep serving, every run finishes in its first attempt, every epoch's metrics are stored once", async (t) => {
  const pg: PrivatePostgres | null = await startPrivatePostgres();
  if (!pg) {
    if (process.env.CI) throw new Error("CI needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) for the restart test.");
    t.skip("no PostgreSQL server binaries: the restart test needs a server of its own");
    return;
  }
  cleanups.push(() => pg.dispose());
  const artifacts = mkdtempSync(path.join(tmpdir(), "minima-restart-artifacts-"));
  cleanups.push(() => rmSync(artifacts, { recursive: true, force: true }));
  const first = await host(pg.url, artifacts);
  const token = /MINIMA_TOKEN=(\S+)/.exec(first.output())![1]!;
  const hosts = [first, await host(pg.url, artifacts)];
  const clients = hosts.map((h) => createMinimaClient({ url: h.url, token }));
  cleanups.push(() => Promise.all(clients.map((c) => c.close())).then(() => undefined));
  const { api } = clients[0]!;

  // (b) trains 3,000 epochs; (c) and (d) start from its weights once it is done.
  const { id } = await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.03 } });
  const b = await waitFor(
    "(b) to be training",
    async () => {
      const run = (await api.experiments.get.query({ id })).runs.find((r) => r.key === "b")!;
      return run.status === "running" && run.epoch > 0 ? run : null;
    },
    120_000,
  );
  await pg.stop();
  const downAt = Date.now();
  // Down for longer than the heartbeat timeout: every daemon's heartbeat is stale when it returns.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  for (const [i, h] of hosts.entries()) assert.ok(await answers(h, clients[i]!), `daemon ${i + 1} answers while the database is down`);
  for (const client of clients) {
    await assert.rejects(client.api.runs.list.query({}), (error: Error & { data?: { code?: string } }) => {
      assert.equal(error.data?.code, "SERVICE_UNAVAILABLE", "a temporary refusal, not an internal error");
      assert.match(error.message, /The database is unreachable; the daemon keeps trying/);
      return true;
    });
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 5000 - (Date.now() - downAt))));
  await pg.start();

  const done = await waitFor(
    "every run to finish",
    async () => {
      const { runs } = await api.experiments.get.query({ id });
      const failed = runs.find((r) => r.status === "failed");
      if (failed) throw new Error(`run ${failed.key} failed: ${failed.error}`);
      return runs.every((r) => r.status === "succeeded") ? runs : null;
    },
    240_000,
  );
  for (const [i, h] of hosts.entries()) {
    assert.ok(await answers(h, clients[i]!), `daemon ${i + 1} answers after the restart`);
    assert.equal((await clients[i]!.api.experiments.get.query({ id })).runs.length, 4, `daemon ${i + 1} reads the database again`);
  }

  assert.ok(done.find((r) => r.key === "b")!.epoch > b.epoch, "(b) trained on through the restart");
  for (const run of done) {
    assert.equal(run.attempt, 1, `${run.key} was never taken back and claimed again`);
    const history = await api.runs.events.query({ id: run.id });
    assert.equal(history.filter((e) => e.type === "run.started").length, 1, `${run.key} started once`);
    const metrics = await api.runs.metrics.query({ id: run.id, maxPoints: 100_000 });
    for (const name of ["train_acc", "train_loss", "test_acc", "test_loss", "lr"]) {
      const epochs = metrics.filter((m) => m.name === name).map((m) => m.epoch);
      assert.deepEqual(epochs, loggedEpochs(run.epochs), `${run.key}: ${name} of every logged epoch, once, in order`);
    }
  }
  for (const h of hosts) {
    const said = h.output();
    assert.equal(said.match(/database unreachable since \S+ \(.*\); \d+ runs? keeps? training, (its|their) reports are kept until it is back/g)?.length, 1, said);
    assert.match(said, /database back after \d+ s/);
  }
});
