import assert from "node:assert/strict";
import { test } from "node:test";
import { startTestDaemon, waitFor } from "../../test/harness.ts";
import { queueImageRun } from "../../test/image-run.ts";

const EPOCHS = 5;
const PAUSE_MS = 3000;

test("a paused run's clock stands still: activeMs holds while it is paused and counts only the time it ran", async () => {
  const t = await startTestDaemon({ concurrency: "1" });
  try {
    const { api } = t.client;
    const admin = (await api.auth.whoami.query()).id;
    const queuedAt = Date.now();
    const { runId } = await queueImageRun(t.daemon.database.db, admin, EPOCHS, 256, 1);
    const get = () => api.runs.get.query({ id: runId });
    const until = async (what: string, check: (run: Awaited<ReturnType<typeof get>>) => boolean) =>
      waitFor(what, async () => {
        const run = await get();
        if (run.status === "failed") throw new Error(`the run failed: ${run.error}`);
        return check(run) ? run : null;
      }, 180_000);

    const first = await until("the run to train", (r) => r.status === "running" && r.epoch >= 1);
    assert.equal(first.activeMs, 0, "a first attempt ran for no time before it");
    await api.runs.pause.mutate({ id: runId });
    const paused = await until("the run to pause at its next checkpoint", (r) => r.status === "paused");
    const pausedSeenAt = Date.now();
    assert.ok(paused.epoch < EPOCHS, "paused before the end; make the run longer");
    assert.ok(paused.activeMs > 0, "the time it ran is counted");
    assert.equal(paused.startedAt, first.startedAt, "startedAt is still the first attempt's");

    await new Promise((r) => setTimeout(r, PAUSE_MS));
    const later = await get();
    const still = [later.status, later.activeMs, later.startedAt];
    assert.deepEqual(still, ["paused", paused.activeMs, paused.startedAt], "nothing moves while it is paused");

    const resumedAt = Date.now();
    await api.runs.resume.mutate({ id: runId });
    const second = await until("the run to train again", (r) => r.status !== "paused" && r.status !== "queued" && r.attempt === 2);
    assert.equal(second.activeMs, paused.activeMs, "the second attempt starts with the first one's running time, the pause left out");
    assert.ok(Date.parse(second.startedAt!) >= resumedAt, "startedAt is the second attempt's, after the resume");
    const done = await until("the run to finish", (r) => r.status === "succeeded");
    const finishedSeenAt = Date.now();

    // To the database's clock: the two attempts' spans, from their start to the pause and to the end.
    const pausedEvent = (await api.runs.events.query({ id: runId })).find((e) => e.type === "run.paused")!;
    const firstSpan = Date.parse(pausedEvent.time) - Date.parse(first.startedAt!);
    const secondSpan = Date.parse(done.finishedAt!) - Date.parse(second.startedAt!);
    assert.ok(Math.abs(paused.activeMs - firstSpan) <= 2, `the first attempt's span: ${paused.activeMs} ms, not ${firstSpan}`);
    assert.ok(Math.abs(done.activeMs - (firstSpan + secondSpan)) <= 2, `both attempts' spans: ${done.activeMs} ms, not ${firstSpan + secondSpan}`);
    // To the test's clock: at most the time from queueing to the end, without the pause the test waited through.
    const runningAtMost = finishedSeenAt - queuedAt - (resumedAt - pausedSeenAt);
    assert.ok(done.activeMs <= runningAtMost, `activeMs ${done.activeMs} ≤ ${runningAtMost} ms of wall time outside the pause`);
  } finally {
    await t.stop();
  }
});
