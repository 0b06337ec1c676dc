import { imageRunConfigSchema, loadDataset, trainImage, type DatasetName, type Engine } from "@minima/core";
import path from "node:path";
import type { FromWorker, ToWorker } from "./messages.ts";

type Start = Extract<ToWorker, { type: "start" }>;

/**
 * Trains one image run. Every checkpoint becomes an artifact as soon as it is written
 * (`checkpoint-epoch-N`); the final one is `weights`, which dependent runs start from.
 */
export async function runImage(start: Start, engine: Engine, send: (m: FromWorker) => Promise<void>, signal: AbortSignal) {
  const config = imageRunConfigSchema.parse(start.run.config);
  const dataset = await loadDataset(config.dataset as DatasetName, {
    ...(config.trainSubset ? { trainSubset: config.trainSubset } : {}),
    ...(config.testSubset ? { testSubset: config.testSubset } : {}),
    seed: config.seed,
  });
  const name = (checkpoint: string) => (checkpoint === "final" ? "weights" : `checkpoint-${checkpoint}`);
  await trainImage(config, {
    dataset,
    initialCheckpoint: Object.values(start.inputs)[0],
    checkpointDir: (checkpoint) => path.join(start.outputDir, name(checkpoint)),
    onEpoch: (points, epoch) => send({ type: "metrics", epoch, points }),
    onCheckpoint: (checkpoint) => send({ type: "artifact", name: name(checkpoint), kind: "checkpoint" }),
    signal,
    backend: engine.backend,
  });
}
