import { imageRunConfigSchema, loadDataset, trainImage, type DatasetName, type Engine } from "@minima/core";
import path from "node:path";
import type { FromWorker, ToWorker } from "./messages.ts";
import type { WorkerControl } from "./worker-control.ts";

type Start = Extract<ToWorker, { type: "start" }>;

/**
 * Trains one image run, or continues it from `start.resumeFrom`. Every checkpoint becomes an
 * artifact as soon as it is written (`checkpoint-epoch-N`); the final one is `weights`, which
 * dependent runs start from. Once a stop was asked for, the run ends after the next checkpoint,
 * so nothing trained is lost.
 */
export async function runImage(start: Start, engine: Engine, send: (m: FromWorker) => Promise<void>, control: WorkerControl) {
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
    resumeFrom: start.resumeFrom,
    checkpointDir: (checkpoint) => path.join(start.outputDir, name(checkpoint)),
    onEpoch: (points, epoch) => send({ type: "metrics", epoch, points }),
    onCheckpoint: async (checkpoint) => {
      await send({ type: "artifact", name: name(checkpoint), kind: "checkpoint" });
      if (control.stopRequested()) control.abort();
    },
    signal: control.signal,
    backend: engine.backend,
  });
}
