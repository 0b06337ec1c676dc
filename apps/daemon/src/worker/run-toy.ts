import { loadWeights, saveWeights, toyRunConfigSchema, trainToy, type Engine } from "@minima/core";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { FromWorker, ToWorker } from "./messages.ts";
import type { WorkerControl } from "./worker-control.ts";

type Start = Extract<ToWorker, { type: "start" }>;

/**
 * Trains one Figure 1 run, or continues it from `start.resumeFrom`, and writes its `weights` and
 * `boundary` raster. Its epochs take milliseconds, so it writes a checkpoint only when asked to
 * stop: after the current epoch, as `checkpoint-epoch-N` (the name image runs use), then it ends
 * and the worker reports "stopped". The daemon's stop reaches the loop while it awaits a report,
 * so in practice the run stops at a logged epoch and its curve ends where its checkpoint is.
 */
export async function runToy(start: Start, engine: Engine, send: (m: FromWorker) => Promise<void>, control: WorkerControl) {
  const config = toyRunConfigSchema.parse(start.run.config);
  const dependency = Object.values(start.inputs)[0];
  const name = (checkpoint: string) => `checkpoint-${checkpoint}`;
  const result = await trainToy(config, {
    // A resumed run's weights are in its checkpoint.
    initialWeights: config.init === "dependency" && dependency && !start.resumeFrom ? loadWeights(dependency) : undefined,
    resumeFrom: start.resumeFrom,
    onEpoch: (points, epoch) => send({ type: "metrics", epoch, points }),
    signal: control.signal,
    stop: {
      requested: () => control.stopRequested(),
      checkpointDir: (checkpoint) => path.join(start.outputDir, name(checkpoint)),
      onCheckpoint: (checkpoint) => send({ type: "artifact", name: name(checkpoint), kind: "checkpoint" }),
    },
  });
  saveWeights(path.join(start.outputDir, "weights"), result.weights, {
    runId: start.run.id,
    epoch: config.epochs,
    phase: "train",
    seed: config.seed,
    backend: engine.backend,
    trainAcc: result.trainAcc,
    testAcc: result.testAcc,
  });
  await send({ type: "artifact", name: "weights", kind: "checkpoint" });
  writeFileSync(path.join(start.outputDir, "boundary.json"), JSON.stringify({ raster: result.raster, points: result.points }));
  await send({ type: "artifact", name: "boundary.json", kind: "raster" });
}
