// Entry of a run's child process: one run per process, so a crash or out-of-memory ends only it.
import { initEngine, TrainingStopped } from "@minima/core";
import type { FromWorker, ToWorker } from "./messages.ts";
import { runImage } from "./run-image.ts";
import { runMeasure } from "./run-measure.ts";
import { runToy } from "./run-toy.ts";
import type { WorkerControl } from "./worker-control.ts";

const STOPS_AT_CHECKPOINT = new Set(["image", "toy"]);
const controller = new AbortController();
let stop = false;
let kind = "";
const control: WorkerControl = {
  signal: controller.signal,
  stopRequested: () => stop,
  abort: () => controller.abort(),
};

async function send(message: FromWorker): Promise<void> {
  // Waiting for each message to be handed to the OS keeps the order and bounds the backlog.
  await new Promise<void>((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
  // The training loops only await promises that settle without I/O, so the daemon's messages
  // (cancel, stop) would wait until the run ends: pass through the event loop's poll phase.
  await new Promise((resolve) => setImmediate(resolve));
}

async function execute(start: Extract<ToWorker, { type: "start" }>): Promise<void> {
  kind = start.run.kind;
  const engine = await initEngine();
  await send({ type: "engine", backend: engine.backend, provider: engine.provider, device: engine.device, fused: engine.fused, onednn: engine.onednn, allocator: engine.allocator, fallbackReason: engine.fallbackReason });
  switch (start.run.kind) {
    case "toy":
      await runToy(start, engine, send, control);
      break;
    case "image":
      await runImage(start, engine, send, control);
      break;
    case "measure":
      await runMeasure(start, send);
      break;
    default:
      throw new Error(`This worker cannot run runs of kind "${start.run.kind}".`);
  }
}

process.on("message", (message: ToWorker) => {
  if (message.type === "cancel") {
    controller.abort();
    return;
  }
  if (message.type === "stop") {
    stop = true;
    // Image runs stop after their next checkpoint, toy runs after the current epoch with one
    // (run-image.ts, run-toy.ts); anything else has nothing to continue from and stops now.
    if (!STOPS_AT_CHECKPOINT.has(kind)) controller.abort();
    return;
  }
  execute(message)
    .then(() => send({ type: "done" }))
    .catch(async (error: unknown) => {
      if (stop && (controller.signal.aborted || error instanceof TrainingStopped)) {
        await send({ type: "stopped" }).catch(() => undefined);
        return;
      }
      const text = error instanceof Error ? error.message : String(error);
      await send({ type: "failed", error: text }).catch(() => undefined);
    })
    .finally(() => process.disconnect());
});

// The daemon going away (kill -9 included) closes the IPC channel: stop rather than train orphaned.
process.on("disconnect", () => process.exit(0));
// A terminal's Ctrl-C and a service manager's SIGTERM reach the whole process group; the daemon
// decides how its runs stop (at their next checkpoint), so the worker waits for its word. It still
// ends when the daemon is gone (disconnect) or kills it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => undefined);
