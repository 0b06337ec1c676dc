import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { TRPCClientError } from "@trpc/client";
import { findTcmalloc } from "@minima/core";
import { issueToken } from "@minima/db";
import { users } from "@minima/db/schema";
import { fromColumns, type MetricRow } from "@minima/metrics";
import { createMinimaClient } from "../client/index.ts";
import { configFromEnv } from "./config.ts";
import { silentLogger } from "./logger.ts";
import { startDaemon } from "./start-daemon.ts";
import { startTestDaemon, waitFor, type TestDaemon } from "../../test/harness.ts";
import { workerPidsOf } from "../../test/processes.ts";

describe("the daemon runs Figure 1's toy end to end", () => {
  let t: TestDaemon;
  before(async () => {
    t = await startTestDaemon();
  });
  after(() => t.stop());

  test("queue → workers → database → WebSocket stream → four decision panels", async () => {
    const { api } = t.client;
    const { id } = await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.002 } });
    const { runs } = await api.experiments.get.query({ id });
    const b = runs.find((r) => r.key === "b")!;
    assert.deepEqual(runs.map((r) => r.epochs), [2, 200, 20, 2]);

    const streamed: MetricRow[] = [];
    const subscription = api.runs.onMetrics.subscribe({ id: b.id }, { onData: (batch) => void streamed.push(...fromColumns(batch.data)) });
    const done = await waitFor("all four runs to finish", async () => {
      const { experiment, runs: now } = await api.experiments.get.query({ id });
      return experiment.runCounts.succeeded === 4 ? now : null;
    }, 180_000);
    await waitFor("the stream to catch up", async () => {
      const stored = await api.runs.metrics.query({ id: b.id });
      return streamed.length === stored.length && stored.length > 0;
    });
    subscription.unsubscribe();

    const stored = await api.runs.metrics.query({ id: b.id });
    assert.deepEqual(streamed.map((r) => r.id), stored.map((r) => r.id), "the stream holds every stored point once, in order");
    const epochs = [...new Set(stored.filter((r) => r.name === "train_acc").map((r) => r.epoch))];
    assert.equal(epochs.at(-1), 200);
    const byKey = Object.fromEntries(done.map((r) => [r.key, r]));
    for (const key of ["c", "d"]) {
      assert.ok(byKey[key]!.startedAt! >= byKey.b!.finishedAt!, `run ${key} started only after (b) finished`);
    }
    assert.equal(byKey.a!.backend, "tensorflow (cpu, fused kernels, oneDNN)");

    const { panels } = await api.figures.toyBoundaries.query({ experimentId: id });
    assert.deepEqual(panels.map((p) => p.key), ["a", "b", "c", "d"]);
    for (const panel of panels) {
      assert.ok(panel.raster, `panel ${panel.key} has a raster`);
      assert.equal(panel.raster.values.length, panel.raster.width * panel.raster.height);
      assert.equal(panel.points.length, 100);
    }
    const a = panels[0]!;
    const bPanel = panels[1]!;
    assert.notDeepEqual(a.points.map((p) => p.label), bPanel.points.map((p) => p.label), "(b) is drawn with its random labels");
  });

  test("a reconnecting subscriber gets exactly the points after its last id", async () => {
    const { api } = t.client;
    const {
      items: [run],
    } = await api.runs.list.query({ status: "succeeded" });
    const stored = await api.runs.metrics.query({ id: run!.id });
    const from = stored[Math.floor(stored.length / 2)]!.id;
    const got: number[] = [];
    const sub = api.runs.onMetrics.subscribe({ id: run!.id, lastEventId: String(from) }, { onData: (batch) => void got.push(...batch.data.id) });
    await waitFor("the backlog", () => Promise.resolve(got.length === stored.filter((r) => r.id > from).length));
    sub.unsubscribe();
    assert.deepEqual(got, stored.filter((r) => r.id > from).map((r) => r.id));
  });

  test("a finished run's log, its artifacts and their downloads (a folder as a tar)", async () => {
    const { api } = t.client;
    const { items } = await api.runs.list.query({ status: "succeeded", search: "random labels" });
    const run = items.find((r) => r.key === "b")!;
    assert.equal(run.owner, "admin");
    assert.equal(run.preset, "figure1-toy");

    const { lines } = await waitFor("the log's last line", async () => {
      const log = await api.runs.logs.query({ id: run.id });
      return log.lines.at(-1)?.text === "succeeded" ? log : null;
    });
    assert.match(lines[0]!.text, /^started on daemon .+, attempt 1/);
    // The worker ran on tcmalloc where it is installed (CI installs it), else on the system malloc.
    const allocator = findTcmalloc() ? "tcmalloc" : "system";
    assert.ok(lines.some((l) => l.source === "daemon" && new RegExp(`^engine: tensorflow .*, fused kernels, oneDNN, ${allocator} malloc$`).test(l.text)), "the engine and malloc it trained on");
    assert.ok(!lines.some((l) => l.text.includes("oneDNN custom operations are on")), "libtensorflow's oneDNN banner is left out of the log");

    const artifacts = await api.runs.artifacts.query({ id: run.id });
    assert.deepEqual(artifacts.map((a) => a.name).sort(), ["boundary", "weights"]);
    const download = (name: string, token: string | null = t.token) =>
      fetch(`${t.daemon.url}${artifacts.find((a) => a.name === name)?.download ?? `/artifacts/${run.id}/${name}`}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    const boundary = await download("boundary");
    assert.equal(boundary.status, 200);
    const { raster, points } = (await boundary.json()) as { raster: { width: number; height: number; values: number[] }; points: unknown[] };
    assert.equal(raster.values.length, raster.width * raster.height);
    assert.equal(points.length, 100);

    const weights = await download("weights");
    assert.equal(weights.headers.get("content-type"), "application/x-tar");
    assert.match(weights.headers.get("content-disposition") ?? "", /filename="weights\.tar"/);
    const dir = mkdtempSync(path.join(tmpdir(), "minima-download-"));
    writeFileSync(path.join(dir, "weights.tar"), Buffer.from(await weights.arrayBuffer()));
    execFileSync("tar", ["-xf", "weights.tar"], { cwd: dir });
    const listed = readdirSync(path.join(dir, "weights")).sort();
    assert.deepEqual(listed, readdirSync(path.join(t.dataDir, "artifacts", "runs", run.id, "weights")).sort());
    for (const file of listed) {
      assert.ok(readFileSync(path.join(dir, "weights", file)).equals(readFileSync(path.join(t.dataDir, "artifacts", "runs", run.id, "weights", file))), `${file} unpacks byte for byte`);
    }
    rmSync(dir, { recursive: true, force: true });

    assert.equal((await download("weights", null)).status, 401);
    assert.equal((await download("nothing-here")).status, 404);
    assert.equal((await fetch(`${t.daemon.url}/artifacts/${run.id}/..%2F..%2Fdb`, { headers: { authorization: `Bearer ${t.token}` } })).status, 404);
  });

  test("a killed worker fails only its run, with the cause; its dependents are blocked; the daemon keeps serving", async () => {
    const { api } = t.client;
    const { id } = await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.05 } });
    const bId = (await api.experiments.get.query({ id })).runs.find((r) => r.key === "b")!.id;
    await waitFor("(b) to be training", async () => (await api.runs.get.query({ id: bId })).epoch > 0);
    for (const pid of workerPidsOf(process.pid)) process.kill(pid, "SIGKILL");
    const b = await waitFor("(b) to fail", async () => {
      const run = await api.runs.get.query({ id: bId });
      return run.status === "failed" ? run : null;
    });
    assert.match(b.error ?? "", /killed by SIGKILL/);
    const log = await waitFor("the failure in the run's log", async () => {
      const { lines } = await api.runs.logs.query({ id: bId });
      return lines.some((l) => l.text.startsWith("failed: The worker was killed by SIGKILL")) ? lines : null;
    });
    assert.ok(log.length >= 2);
    const { runs } = await api.experiments.get.query({ id });
    assert.deepEqual(runs.filter((r) => r.key === "c" || r.key === "d").map((r) => r.status), ["blocked", "blocked"]);
    assert.equal((await api.system.health.query()).ok, true);
  });

  test("bad requests get typed errors that say what to do, and store nothing", async () => {
    const { api } = t.client;
    const before = (await api.experiments.list.query()).length;
    const code = async (p: Promise<unknown>) => {
      try {
        await p;
        return "resolved";
      } catch (error) {
        assert.ok(error instanceof TRPCClientError);
        return `${(error.data as { code: string }).code}: ${error.message}`;
      }
    };
    assert.match(await code(api.experiments.create.mutate({ preset: "nope", options: {} })), /BAD_REQUEST: Unknown preset "nope"/);
    assert.match(await code(api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: -1 } })), /BAD_REQUEST: Option epochScale/);
    assert.match(await code(api.runs.get.query({ id: "../../etc/passwd" })), /BAD_REQUEST/);
    assert.match(await code(api.runs.get.query({ id: "00000000-0000-4000-8000-000000000000" })), /NOT_FOUND/);

    const stranger = createMinimaClient({ url: t.daemon.url, token: "mnm_wrong" });
    assert.match(await code(stranger.api.experiments.list.query()), /UNAUTHORIZED: This token is not accepted: it was revoked or has expired, or its user is disabled/);
    await stranger.close();
    const anonymous = (await (await fetch(`${t.daemon.url}/trpc/experiments.list`)).json()) as { error: { message: string } };
    assert.match(anonymous.error.message, /^Sign in with a token: send `Authorization: Bearer <token>`/);

    const [viewer] = await t.daemon.database.db.insert(users).values({ name: "vera", role: "viewer" }).returning();
    const viewerClient = createMinimaClient({ url: t.daemon.url, token: await issueToken(t.daemon.database.db, viewer!.id) });
    assert.equal((await viewerClient.api.auth.whoami.query()).role, "viewer");
    assert.match(await code(viewerClient.api.experiments.create.mutate({ preset: "figure1-toy", options: {} })), /FORBIDDEN: This needs the member role/);
    await viewerClient.close();
    assert.equal((await api.experiments.list.query()).length, before);
  });

  test("a second daemon on the same data directory, or on a used port, is refused and changes nothing", async () => {
    const sameDir = configFromEnv({}, { "data-dir": t.dataDir, port: "0" });
    await assert.rejects(startDaemon(sameDir, silentLogger()), /already runs a daemon on the data directory/);
    const port = new URL(t.daemon.url).port;
    const samePort = configFromEnv({}, { port, "data-dir": `${t.dataDir}-other` });
    await assert.rejects(startDaemon(samePort, silentLogger()), new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
    assert.ok((await t.client.api.experiments.list.query()).length >= 1, "the running daemon still has its experiments");
  });
});
