import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { planExperiment } from "../plans/presets.ts";
import type { FromWorker } from "./messages.ts";
import { deathOf, spawnWorker } from "./spawn-worker.ts";

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

test("a worker killed by SIGKILL fails with the signal, not with libtensorflow's start-up banner", async (t) => {
  const outputDir = mkdtempSync(path.join(tmpdir(), "minima-worker-"));
  t.after(() => rmSync(outputDir, { recursive: true, force: true }));
  const run = planExperiment("figure1-toy", { epochScale: 0.1 }).runs.find((r) => r.key === "b")!;
  let onednn: (on: boolean) => void;
  const engine = new Promise<boolean>((resolve) => (onednn = resolve));
  // TF_CPP_MIN_LOG_LEVEL=0: libtensorflow's info lines too, as an operator might run it.
  const handle = spawnWorker(
    { type: "start", run: { id: "r1", kind: run.kind, config: run.config }, inputs: {}, outputDir },
    (message: FromWorker) => {
      if (message.type === "engine") onednn(message.onednn);
      return Promise.resolve();
    },
    () => undefined,
    { TF_CPP_MIN_LOG_LEVEL: "0" },
  );
  let stderr = "";
  handle.child.stderr!.on("data", (chunk: string) => (stderr += chunk));
  if (!(await engine)) {
    handle.child.kill("SIGKILL");
    await handle.finished;
    t.skip("this engine prints no oneDNN banner");
    return;
  }
  handle.child.kill("SIGKILL");
  const { status, error } = await handle.finished;
  assert.match(stderr, /oneDNN custom operations are on/, "the banner was the last thing the worker printed");
  assert.equal(status, "failed");
  assert.equal(error, "The worker was killed by SIGKILL (out of memory? another process?); its log has what it printed");
});

test("a report the daemon cannot record stops the worker and fails the run with its message", async (t) => {
  const outputDir = mkdtempSync(path.join(tmpdir(), "minima-worker-"));
  t.after(() => rmSync(outputDir, { recursive: true, force: true }));
  const run = planExperiment("figure1-toy", { epochScale: 0.1 }).runs.find((r) => r.key === "b")!;
  const seen: string[] = [];
  const handle = spawnWorker({ type: "start", run: { id: "r1", kind: run.kind, config: run.config }, inputs: {}, outputDir }, (message: FromWorker) => {
    seen.push(message.type);
    return message.type === "metrics" ? Promise.reject(new Error("Storing its metric points failed: disk full (53100)")) : Promise.resolve();
  });
  // Unhandled, the rejection would end this process (and the test) before "finished" settles.
  assert.deepEqual(await handle.finished, { status: "failed", error: "Storing its metric points failed: disk full (53100)" });
  assert.equal(handle.child.signalCode, "SIGKILL", "the worker was stopped, not left to train 10,000 epochs");
  assert.equal(seen.filter((type) => type === "metrics").length, 1, "no report is handled after the one that failed");
});

test("how a worker that sent no outcome died: the line that explains it, never start-up noise", () => {
  const banner = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1796484601.648429   16615 port.cc:153] oneDNN custom operations are on. You may see slightly different numerical results.",
    "I0000 00:00:1796484601.816924   16615 cpu_feature_guard.cc:227] This TensorFlow binary is optimized to use available CPU instructions.",
    "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow with the appropriate compiler flags.",
    "2024-05-01 10:00:00.000000: W tensorflow/core/framework/op_kernel.cc:1839] OP_REQUIRES failed at whatever",
  ].join("\n");
  assert.equal(deathOf(null, "SIGKILL", `${banner}\n`), "The worker was killed by SIGKILL (out of memory? another process?); its log has what it printed");
  const thrown = `${banner}\n/x/worker.ts:10\n    throw new Error("boom")\n    ^\n\nError: the dataset is truncated\n    at main (/x/worker.ts:10:11)\n\nNode.js v20.20.2\n`;
  assert.equal(deathOf(1, null, thrown), "The worker exited with code 1: Error: the dataset is truncated");
  const oom = `${banner}\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb8d0a3 node::Abort() [node]\n`;
  assert.equal(deathOf(null, "SIGABRT", oom), "The worker was killed by SIGABRT (out of memory): FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
  assert.equal(deathOf(null, "SIGSEGV", ""), "The worker was killed by SIGSEGV (a crash in native code (libtensorflow)?); its log has what it printed");
});
