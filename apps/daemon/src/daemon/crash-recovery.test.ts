import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createMinimaClient } from "../client/index.ts";
import { spawnDaemon, waitFor } from "../../test/harness.ts";
import { alive, workerPidsOf } from "../../test/processes.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "minima-crash-test-"));
const daemons: ChildProcess[] = [];

after(() => {
  for (const d of daemons) d.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

async function startDaemon() {
  const daemon = await spawnDaemon(["--data-dir", dataDir, "--concurrency", "2"]);
  daemons.push(daemon.child);
  return daemon;
}

test("kill -9 of the daemon mid-training: after a restart the interrupted run trains again and finishes; nothing finished is lost", async () => {
  const first = await startDaemon();
  const token = /MINIMA_TOKEN=(\S+)/.exec(first.output())![1]!;
  const one = createMinimaClient({ url: first.url, token });
  // (b) runs 10,000 epochs: several seconds even with the toy's wasm step, long enough to be killed mid-run.
  const { id } = await one.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.1 } });
  const runs = (await one.api.experiments.get.query({ id })).runs;
  const a = runs.find((r) => r.key === "a")!;
  const b = runs.find((r) => r.key === "b")!;
  await waitFor("(a) to finish and (b) to be training", async () => {
    const [ra, rb] = await Promise.all([one.api.runs.get.query({ id: a.id }), one.api.runs.get.query({ id: b.id })]);
    return ra.status === "succeeded" && rb.status === "running" && rb.epoch >= 5;
  }, 180_000);
  const aMetrics = await one.api.runs.metrics.query({ id: a.id });
  const workers = workerPidsOf(first.child.pid!);
  assert.ok(workers.length >= 1, "(b) trains in a worker process");
  await one.close();

  first.child.kill("SIGKILL");
  await new Promise((resolve) => first.child.once("exit", resolve));
  await waitFor("the orphaned workers to stop by themselves", () => Promise.resolve(workers.every((pid) => !alive(pid))), 10_000);

  const second = await startDaemon();
  const two = createMinimaClient({ url: second.url, token });
  const done = await waitFor(
    "every run to finish after the restart",
    async () => {
      const { experiment, runs: now } = await two.api.experiments.get.query({ id });
      return experiment.runCounts.succeeded === 4 ? now : null;
    },
    120_000,
  );
  assert.deepEqual(await two.api.runs.metrics.query({ id: a.id }), aMetrics, "the finished run kept its metrics untouched");
  const bAfter = done.find((r) => r.key === "b")!;
  assert.equal(bAfter.attempt, 2, "(b) was claimed again");
  const epochs = (await two.api.runs.metrics.query({ id: b.id })).filter((m) => m.name === "train_acc").map((m) => m.epoch);
  // Logged every 10th epoch (about 1,000 points a run).
  assert.deepEqual(epochs, Array.from({ length: bAfter.epochs / 10 }, (_, i) => 10 * (i + 1)), "(b)'s curve has every logged epoch exactly once");
  await two.close();
  second.child.kill("SIGTERM");
  await new Promise((resolve) => second.child.once("exit", resolve));
});
