import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDuration, progressLine, progressOf, type RunProgress } from "./progress.ts";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
const run = (key: string, status: RunProgress["status"], epochs: number, extra: Partial<RunProgress> = {}): RunProgress => ({
  key,
  kind: "image",
  status,
  epoch: status === "succeeded" ? epochs : 0,
  epochs,
  startedAt: null,
  finishedAt: null,
  ...extra,
});

test("progress counts runs per experiment and estimates the rest from the finished runs' pace", () => {
  const progress = progressOf([
    {
      name: "table1-distances",
      runs: [
        run("pretrain/s1", "succeeded", 40, { epoch: 20, startedAt: at(0), finishedAt: at(200) }), // stopped early: 10 s an epoch
        run("random/vanilla/s1", "succeeded", 10, { startedAt: at(0), finishedAt: at(50) }), // 5 s an epoch
        run("random/sota/s1", "running", 10, { epoch: 4, startedAt: at(50) }), // 6 epochs left: 30 s
        run("adversarial/vanilla/s1", "queued", 10), // 50 s
        run("distances/s1", "failed", 1, { kind: "measure" }),
      ],
    },
    { name: "figure1-toy", runs: [run("a", "succeeded", 10, { kind: "toy", startedAt: at(0), finishedAt: at(1) })] },
  ]);
  assert.deepEqual(progress.experiments.map((e) => [e.name, e.succeeded, e.total, e.failed, e.running]), [["table1-distances", 2, 5, 1, 1], ["figure1-toy", 1, 1, 0, 0]]);
  assert.equal(progress.succeeded, 3);
  assert.equal(progress.total, 6);
  assert.equal(progress.stuck, 1);
  assert.equal(progress.active, 2);
  assert.equal(progress.etaS, 80);
  assert.equal(progressLine(progress), "runs 3/6 done (1 running, 1 failed) · ETA 1 min 20 s · table1-distances 2/5 · figure1-toy 1/1");
});

test("no ETA before any run has finished; a kind nothing of has finished counts a run as long as the average; 0 once nothing is queued or running", () => {
  assert.equal(progressOf([{ name: "x", runs: [run("a", "queued", 3)] }]).etaS, null);
  const toyDone = [run("a", "succeeded", 100, { kind: "toy", startedAt: at(0), finishedAt: at(30) }), run("b", "succeeded", 10, { kind: "toy", startedAt: at(0), finishedAt: at(10) })];
  assert.equal(progressOf([{ name: "x", runs: [...toyDone, run("m", "queued", 1, { kind: "measure" }), run("p", "running", 4, { epoch: 2 })] }]).etaS, 20 + 10);
  assert.match(progressLine(progressOf([{ name: "x", runs: [run("a", "queued", 3)] }])), /ETA after the first run finishes/);
  assert.equal(progressOf([{ name: "x", runs: [run("a", "succeeded", 3), run("b", "blocked", 3)] }]).etaS, 0);
  // A run at its last epoch, still writing its results, has no time left but is not done.
  const finishing = progressOf([{ name: "x", runs: [run("a", "succeeded", 3, { startedAt: at(0), finishedAt: at(3) }), run("b", "running", 3, { epoch: 3 })] }]);
  assert.equal(finishing.etaS, 0);
  assert.equal(finishing.active, 1);
});

test("a run that will take a twin's results counts no time, and is still counted as queued", () => {
  const done = run("done", "succeeded", 10, { startedAt: at(0), finishedAt: at(50) }); // 5 s an epoch
  const progress = progressOf([{ name: "x", runs: [done, run("a", "queued", 10), run("b", "queued", 10, { awaitsTwin: true })] }]);
  assert.equal(progress.etaS, 50);
  assert.equal(progress.active, 2);
});

test("durations read as a person would say them", () => {
  assert.equal(formatDuration(12.4), "12 s");
  assert.equal(formatDuration(250), "4 min 10 s");
  assert.equal(formatDuration(7500), "2 h 05 min");
});
