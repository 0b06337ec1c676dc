import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { planExperiment } from "../plans/presets.ts";
import type { FromWorker } from "./messages.ts";
import { spawnWorker } from "./spawn-worker.ts";

/** Blocks this thread, so that nothing the event loop would learn meanwhile is handled. */
const blockFor = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

test("cancelling a worker that has just died is recorded as cancelled and does not crash the daemon", async (t) => {
  const outputDir = mkdtempSync(path.join(tmpdir(), "minima-worker-"));
  t.after(() => rmSync(outputDir, { recursive: true, force: true }));
  // Figure 1's run (b): long enough to be alive when it is killed.
  const run = planExperiment("figure1-toy", { epochScale: 0.1 }).runs.find((r) => r.key === "b")!;
  let engineReported!: () => void;
  const started = new Promise<void>((resolve) => (engineReported = resolve));
  const handle = spawnWorker({ type: "start", run: { id: "r1", kind: run.kind, config: run.config }, inputs: {}, outputDir }, (message: FromWorker) => {
    if (message.type === "engine") engineReported();
    return Promise.resolve();
  });
  await started;
  // The worker dies, but the daemon has not yet read the end of its IPC channel: a message
  // written now meets a closed pipe (EPIPE), which must not become an unhandled error.
  process.kill(handle.child.pid!, "SIGKILL");
  blockFor(300);
  assert.equal(handle.child.connected, true);
  handle.cancel();
  handle.stop();
  assert.deepEqual(await handle.finished, { status: "cancelled", error: null });
});

test("a run that finished before a cancel reached it stays succeeded", async (t) => {
  const outputDir = mkdtempSync(path.join(tmpdir(), "minima-worker-"));
  t.after(() => rmSync(outputDir, { recursive: true, force: true }));
  const run = planExperiment("figure1-toy", { epochScale: 0.01 }).runs.find((r) => r.key === "a")!;
  const handle = spawnWorker({ type: "start", run: { id: "r1", kind: run.kind, config: run.config }, inputs: {}, outputDir }, (message: FromWorker) => {
    // The cancel crosses the worker's last report: it is sent before the worker has exited.
    if (message.type === "done") handle.cancel();
    return Promise.resolve();
  });
  assert.deepEqual(await handle.finished, { status: "succeeded", error: null });
});
