import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import type { MetricRow } from "@minima/metrics";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { spawnDaemon, startTestDaemon, waitFor } from "../../test/harness.ts";
import { queueImageRun, seedDataDir } from "../../test/image-run.ts";
import { alive, workerPidsOf } from "../../test/processes.ts";

const EPOCHS = 14;
const children: ChildProcess[] = [];
const dirs: string[] = [];

after(() => {
  for (const c of children) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function daemonOn(dataDir: string) {
  const daemon = await spawnDaemon(["--data-dir", dataDir, "--concurrency", "1"]);
  children.push(daemon.child);
  return daemon;
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));

async function training(client: MinimaClient, runId: string, fromEpoch: number) {
  return waitFor(`the run to train past epoch ${fromEpoch}`, async () => {
    const run = await client.api.runs.get.query({ id: runId });
    if (run.status === "succeeded") throw new Error("the run finished before it could be interrupted; make it longer");
    return run.status === "running" && run.epoch > fromEpoch ? run : null;
  }, 180_000);
}

async function finished(client: MinimaClient, runId: string) {
  return waitFor("the run to finish", async () => {
    const run = await client.api.runs.get.query({ id: runId });
    if (run.status === "failed") throw new Error(`the run failed: ${run.error}`);
    return run.status === "succeeded" ? run : null;
  }, 240_000);
}

/** Each epoch's train accuracy exactly once, epochs 1..EPOCHS in order. */
function assertWholeCurve(rows: MetricRow[]) {
  const epochs = rows.filter((r) => r.name === "train_acc").map((r) => r.epoch);
  assert.deepEqual(epochs, Array.from({ length: EPOCHS }, (_, i) => i + 1), "every epoch exactly once");
  assert.equal(rows.filter((r) => r.name === "test_acc").length, EPOCHS);
}

test("kill -9 of the daemon mid-training: the image run resumes from its last checkpoint, not from epoch 1", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-resume-test-"));
  dirs.push(dataDir);
  const { token, runId } = await seedDataDir(dataDir, EPOCHS);
  const first = await daemonOn(dataDir);
  const one = createMinimaClient({ url: first.url, token });
  await training(one, runId, 6);
  const before = await one.api.runs.metrics.query({ id: runId });
  const workers = workerPidsOf(first.child.pid!);
  await one.close();
  first.child.kill("SIGKILL");
  await exited(first.child);
  await waitFor("the orphaned worker to stop", () => Promise.resolve(workers.every((pid) => !alive(pid))), 10_000);

  const second = await daemonOn(dataDir);
  const two = createMinimaClient({ url: second.url, token });
  const run = await finished(two, runId);
  assert.equal(run.attempt, 2);
  const starts = (await two.api.runs.events.query({ id: runId })).filter((e) => e.type === "run.started");
  const resumedFrom = starts.map((e) => e.data.resumedFromEpoch);
  assert.equal(resumedFrom[0], null, "the first attempt started from scratch");
  const n = resumedFrom[1] as number;
  assert.ok(n >= 5 && n % 5 === 0, `the second resumed from a checkpoint (every 5 epochs), not epoch 1: ${n}`);
  assert.match(second.output(), new RegExp(`resumed from epoch ${n} \\(its checkpoint\\)`));
  const rows = await two.api.runs.metrics.query({ id: runId });
  assertWholeCurve(rows);
  const kept = Math.min(n, Math.max(...before.map((r) => r.epoch)));
  assert.deepEqual(
    rows.filter((r) => r.epoch <= kept),
    before.filter((r) => r.epoch <= kept),
    "the points up to the checkpoint are the first attempt's, kept as they were",
  );
  await two.close();
  second.child.kill("SIGTERM");
  await exited(second.child);
});

test("SIGTERM: the run stops at its next checkpoint, goes back to the queue, and the next daemon continues it from there", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-resume-test-"));
  dirs.push(dataDir);
  const { token, runId } = await seedDataDir(dataDir, EPOCHS);
  const first = await daemonOn(dataDir);
  const one = createMinimaClient({ url: first.url, token });
  await training(one, runId, 1);
  await one.close();
  first.child.kill("SIGTERM");
  assert.equal(await exited(first.child), 0, `a clean exit: ${first.output()}`);
  assert.match(first.output(), /waiting for 1 run\(s\) to reach a checkpoint/);
  const stoppedAt = Number(/stopped \(the daemon shut down\) at epoch (\d+)/.exec(first.output())?.[1]);
  assert.ok(stoppedAt >= 5 && stoppedAt % 5 === 0, `it trained on to a checkpoint (every 5 epochs), then stopped: ${stoppedAt}`);

  const second = await daemonOn(dataDir);
  const two = createMinimaClient({ url: second.url, token });
  await finished(two, runId);
  const events = await two.api.runs.events.query({ id: runId });
  assert.ok(events.some((e) => e.type === "run.requeued" && e.data.reason === "the daemon shut down"));
  assert.equal(events.filter((e) => e.type === "run.started").at(-1)?.data.resumedFromEpoch, stoppedAt, "no epoch trained twice");
  assertWholeCurve(await two.api.runs.metrics.query({ id: runId }));
  await two.close();
  second.child.kill("SIGTERM");
  await exited(second.child);
});

test("pause stops a running image run at its next checkpoint; resume continues it from there; both are events with who did it", async () => {
  const t = await startTestDaemon({ concurrency: "1" });
  try {
    const admin = (await t.client.api.auth.whoami.query()).id;
    const { runId } = await queueImageRun(t.daemon.database.db, admin, EPOCHS);
    const { api } = t.client;
    await training(t.client, runId, 0);
    assert.deepEqual(await api.runs.pause.mutate({ id: runId }), { status: "pausing" });
    assert.equal((await api.runs.get.query({ id: runId })).stopRequest, "pause");
    const paused = await waitFor("the run to pause", async () => {
      const run = await api.runs.get.query({ id: runId });
      return run.status === "paused" ? run : null;
    }, 120_000);
    assert.ok(paused.epoch >= 5 && paused.epoch % 5 === 0, `paused at a checkpoint (every 5 epochs): ${paused.epoch}`);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await api.runs.get.query({ id: runId })).status, "paused", "a paused run is not claimed");
    assert.deepEqual(await api.runs.resume.mutate({ id: runId }), { status: "queued" });
    await finished(t.client, runId);
    const events = await api.runs.events.query({ id: runId });
    const types = events.map((e) => `${e.type}${e.actor ? ` by ${e.actor}` : ""}`);
    assert.deepEqual(types, ["run.claimed", "run.started", "run.pause-requested by admin", "run.paused", "run.resumed by admin", "run.claimed", "run.started", "run.succeeded"]);
    assert.equal(events[6]!.data.resumedFromEpoch, paused.epoch);
    assertWholeCurve(await api.runs.metrics.query({ id: runId }));
  } finally {
    await t.stop();
  }
});
