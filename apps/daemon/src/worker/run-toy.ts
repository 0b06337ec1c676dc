import { loadWeights, saveWeights, toyRunConfigSchema, trainToy, type Engine } from "@minima/core";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { FromWorker, ToWorker } from "./messages.ts";
import type { WorkerControl } from "./worker-control.ts";

type Start = Extract<ToWorker, { type: "start" }>;

/**
 * Trains one Figure 1 run and writes its `weights` checkpoint and `boundary` raster. Toy runs
 * take seconds to minutes and write no intermediate checkpoints: a stop ends them at once and
 * they start again from scratch, which costs little.
 */
export async function runToy(start: Start, engine: Engine, send: (m: FromWorker) => Promise<void>, control: WorkerControl) {
  const config = toyRunConfigSchema.parse(start.run.config);
  const dependency = Object.values(start.inputs)[0];
  const result = await trainToy(config, {
    initialWeights: config.init === "dependency" && dependency ? loadWeights(dependency) : undefined,
    onEpoch: (points, epoch) => send({ type: "metrics", epoch, points }),
    signal: control.signal,
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
