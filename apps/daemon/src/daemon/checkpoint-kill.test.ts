import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { spawnDaemon, waitFor, type DaemonProcess } from "../../test/harness.ts";
import { seedDataDir } from "../../test/image-run.ts";
import { stopDaemon } from "../../test/restarts.ts";

const EPOCHS = 6;
const KILLS = 3;
const spawned: DaemonProcess[] = [];
const dirs: string[] = [];

after(() => {
  for (const d of spawned) d.child.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The newest checkpoint the daemon has recorded, by epoch (0: none past the start). */
async function newestCheckpoint(client: MinimaClient, runId: string): Promise<number> {
  const artifacts = await client.api.runs.artifacts.query({ id: runId });
  return Math.max(0, ...artifacts.map((a) => Number(/^checkpoint-epoch-(\d+)$/.exec(a.name)?.[1] ?? 0)));
}

/** Asks as fast as the daemon answers: the kill must land within milliseconds of the checkpoint's row. */
async function checkpointAfter(client: MinimaClient, runId: string, epoch: number): Promise<number> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const newest = await newestCheckpoint(client, runId);
    if (newest > epoch) return newest;
    const run = await client.api.runs.get.query({ id: runId });
    if (run.status === "succeeded") throw new Error("the run finished before it could be killed again; make it longer");
    if (Date.now() > deadline) throw new Error(`no checkpoint after epoch ${epoch} within 180 s`);
  }
}

test("kill -9 as each of three checkpoints is recorded: the run resumes from each and keeps every epoch's metrics once", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-checkpoint-kill-test-"));
  dirs.push(dataDir);
  const { token, runId } = await seedDataDir(dataDir, EPOCHS, 1);
  const start = async () => {
    const daemon = await spawnDaemon(["--data-dir", dataDir, "--concurrency", "1"]);
    spawned.push(daemon);
    return { daemon, client: createMinimaClient({ url: daemon.url, token }) };
  };

  const killedAt: number[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    const { daemon, client } = await start();
    const epoch = await checkpointAfter(client, runId, killedAt.at(-1) ?? 0);
    await stopDaemon(daemon, "SIGKILL");
    killedAt.push(epoch);
    await client.close();
  }

  const { daemon, client } = await start();
  const run = await waitFor("the run to finish", async () => {
    const now = await client.api.runs.get.query({ id: runId });
    if (now.status === "failed") throw new Error(`the run failed: ${now.error}`);
    return now.status === "succeeded" ? now : null;
  }, 240_000);
  assert.equal(run.attempt, KILLS + 1);
  const starts = (await client.api.runs.events.query({ id: runId })).filter((e) => e.type === "run.started");
  const resumedFrom = starts.map((e) => e.data.resumedFromEpoch);
  assert.deepEqual(resumedFrom, [null, ...killedAt], "each attempt resumed from the checkpoint recorded as the daemon was killed");

  const rows = await client.api.runs.metrics.query({ id: runId });
  const every = Array.from({ length: EPOCHS }, (_, i) => i + 1);
  for (const name of ["train_acc", "test_acc"]) {
    const epochs = rows.filter((r) => r.name === name).map((r) => r.epoch);
    assert.deepEqual(epochs, every, `${name}: every epoch exactly once, in order (killed at ${killedAt.join(", ")})`);
  }
  await client.close();
  assert.equal(await stopDaemon(daemon, "SIGTERM"), 0);
});
