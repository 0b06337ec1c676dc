import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { spawnDaemon, startTestDaemon, waitFor } from "../../test/harness.ts";
import { logRecordsIn } from "../../test/logs.ts";

/**
 * Figure 1 at 10% of the paper's epochs: (b) trains 10,000 epochs in several seconds (≈0.7 ms an
 * epoch), long enough on a quiet machine for a stop to reach it mid-run; it is stopped once past
 * epoch PAST.
 */
const EPOCH_SCALE = 0.1;
const PAST = 500;
const children: ChildProcess[] = [];
const dirs: string[] = [];

after(() => {
  for (const c of children) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));

/**
 * Queues Figure 1 and returns (b). (c) and (d), which wait for (b), are cancelled: their workers
 * would start as (b) ends and make each daemon's shutdown wait seconds for them.
 */
async function queueFigure1(client: MinimaClient) {
  const { id } = await client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: EPOCH_SCALE } });
  const runs = (await client.api.experiments.get.query({ id })).runs;
  for (const run of runs.filter((r) => r.key === "c" || r.key === "d")) await client.api.runs.cancel.mutate({ id: run.id });
  return runs.find((r) => r.key === "b")!;
}

async function trainingPast(client: MinimaClient, runId: string, epoch: number) {
  return waitFor(`(b) to train past epoch ${epoch}`, async () => {
    const run = await client.api.runs.get.query({ id: runId });
    if (run.status === "succeeded") throw new Error("(b) finished before it could be stopped; make it longer");
    return run.status === "running" && run.epoch > epoch ? run : null;
  }, 60_000);
}

async function succeeded(client: MinimaClient, runId: string) {
  return waitFor("(b) to finish", async () => {
    const run = await client.api.runs.get.query({ id: runId });
    if (run.status === "failed") throw new Error(`(b) failed: ${run.error}`);
    return run.status === "succeeded" ? run : null;
  }, 60_000);
}

/** (b)'s curve: every logged epoch (each n-th, n as its first point says) exactly once, in order, up to the last. */
async function assertWholeCurve(client: MinimaClient, run: { id: string; epochs: number }) {
  const epochs = (await client.api.runs.metrics.query({ id: run.id })).filter((m) => m.name === "train_acc").map((m) => m.epoch);
  const every = epochs[0]!;
  assert.ok(every > 0 && run.epochs % every === 0, `logged every ${every} of ${run.epochs} epochs`);
  assert.deepEqual(epochs, Array.from({ length: run.epochs / every }, (_, i) => every * (i + 1)), "every logged epoch exactly once, in order");
}

async function resumedFrom(client: MinimaClient, runId: string) {
  return (await client.api.runs.events.query({ id: runId })).filter((e) => e.type === "run.started").map((e) => e.data.resumedFromEpoch);
}

async function checkpoints(client: MinimaClient, runId: string) {
  return (await client.api.runs.artifacts.query({ id: runId })).filter((a) => a.name.startsWith("checkpoint-")).map((a) => `${a.name} (${a.kind})`);
}

test("pause stops a running toy run after its current epoch with a checkpoint; resume continues it from there", async () => {
  const t = await startTestDaemon();
  try {
    const { api } = t.client;
    const b = await queueFigure1(t.client);
    await trainingPast(t.client, b.id, PAST);
    assert.deepEqual(await api.runs.pause.mutate({ id: b.id }), { status: "pausing" });
    const paused = await waitFor("(b) to pause", async () => {
      const run = await api.runs.get.query({ id: b.id });
      if (run.status === "succeeded") throw new Error("(b) finished before the pause reached it; make it longer");
      return run.status === "paused" ? run : null;
    }, 10_000);
    assert.ok(paused.epoch > PAST && paused.epoch < b.epochs, `paused mid-run: ${paused.epoch}`);
    assert.deepEqual(await checkpoints(t.client, b.id), [`checkpoint-epoch-${paused.epoch} (checkpoint)`], "a checkpoint where its curve ends");

    assert.deepEqual(await api.runs.resume.mutate({ id: b.id }), { status: "queued" });
    await succeeded(t.client, b.id);
    assert.deepEqual(await resumedFrom(t.client, b.id), [null, paused.epoch], "the second attempt continued from the checkpoint, not from epoch 0");
    await assertWholeCurve(t.client, b);
  } finally {
    await t.stop();
  }
});

test("SIGTERM of the daemon and its workers mid-run (systemd, a terminal's Ctrl-C): the toy run stops with a checkpoint, and the next daemon continues it from there", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-toy-resume-test-"));
  dirs.push(dataDir);
  const first = await spawnDaemon(["--data-dir", dataDir]);
  children.push(first.child);
  const token = /MINIMA_TOKEN=(\S+)/.exec(first.output())![1]!;
  const one = createMinimaClient({ url: first.url, token });
  const b = await queueFigure1(one);
  await trainingPast(one, b.id, PAST);
  await one.close();
  process.kill(-first.child.pid!, "SIGTERM");
  assert.equal(await exited(first.child), 0, `a clean exit: ${first.output()}`);

  const second = await spawnDaemon(["--data-dir", dataDir]);
  children.push(second.child);
  const two = createMinimaClient({ url: second.url, token });
  const [checkpoint] = await checkpoints(two, b.id);
  const stoppedAt = Number(/^checkpoint-epoch-(\d+) \(checkpoint\)$/.exec(checkpoint ?? "")?.[1]);
  assert.ok(stoppedAt > PAST && stoppedAt < b.epochs, `(b) stopped mid-run with a checkpoint: ${checkpoint}`);
  /** The daemon's log lines about run (b), from its JSON records (runId is a field of each). */
  const linesOfB = (stdout: string) => logRecordsIn(stdout).filter((r) => r.runId === b.id).map((r) => r.msg);
  assert.ok(linesOfB(first.stdout()).some((msg) => new RegExp(`^stopped \\(the daemon shut down\\) at epoch ${stoppedAt}\\b`).test(msg)), "where its curve ends");
  await succeeded(two, b.id);
  assert.deepEqual(await resumedFrom(two, b.id), [null, stoppedAt], "no epoch trained twice");
  assert.ok(linesOfB(second.stdout()).some((msg) => msg.startsWith(`resumed from epoch ${stoppedAt} (its checkpoint)`)), second.stdout());
  await assertWholeCurve(two, b);
  await two.close();
  second.child.kill("SIGTERM");
  assert.equal(await exited(second.child), 0);
});
