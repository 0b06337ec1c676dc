import { checkpointNorms, fgsmAccuracy, loadCheckpointModel, loadDataset, readCheckpointWeights, type DatasetName } from "@minima/core";
import { columnPair, distance, TABLE1_COLUMNS, type Checkpoint, type MetricPoint } from "@minima/metrics";
import { existsSync } from "node:fs";
import path from "node:path";
import { fgsmMetric, measureRunConfigSchema, normMetric, type MeasureRunConfig } from "../plans/measure-config.ts";
import type { FromWorker, ToWorker } from "./messages.ts";

type Start = Extract<ToWorker, { type: "start" }>;

/**
 * The folder of each checkpoint the measurement reads. A dependency's artifacts sit side by side
 * in the store, so any checkpoint of it is a sibling of its final `weights`.
 */
function checkpointDirs(config: MeasureRunConfig, inputs: Start["inputs"]): Partial<Record<Checkpoint, string>> {
  const dirs: Partial<Record<Checkpoint, string>> = {};
  for (const [name, ref] of Object.entries(config.checkpoints) as Array<[Checkpoint, { run: string; artifact: string }]>) {
    const weights = inputs[ref.run];
    if (!weights) throw new Error(`Checkpoint ${name} comes from run "${ref.run}", which is not a finished dependency of this run.`);
    const dir = path.join(path.dirname(weights), ref.artifact);
    if (!existsSync(dir)) throw new Error(`Checkpoint ${name}: run "${ref.run}" has no artifact "${ref.artifact}" (looked in ${dir}).`);
    dirs[name] = dir;
  }
  return dirs;
}

async function measure(config: MeasureRunConfig, dirs: Partial<Record<Checkpoint, string>>): Promise<Array<[string, number]>> {
  const dir = (name: Checkpoint) => dirs[name] ?? failMissing(name);
  switch (config.measure) {
    case "distances": {
      const weights = new Map<Checkpoint, ReturnType<typeof readCheckpointWeights>["weights"]>();
      const of = (name: Checkpoint) => weights.get(name) ?? weights.set(name, readCheckpointWeights(dir(name)).weights).get(name)!;
      return TABLE1_COLUMNS.map((column) => {
        const { from, to } = columnPair(column);
        return [column, distance(of(from), of(to), { tensors: config.tensors })];
      });
    }
    case "norms": {
      const values: Array<[string, number]> = [];
      for (const name of Object.keys(dirs) as Checkpoint[]) {
        const norms = await checkpointNorms(dir(name));
        values.push([normMetric("frobenius", name), norms.frobenius], [normMetric("log10-l1-path", name), norms.l1Path.log10], [normMetric("log10-l2-path", name), norms.l2Path.log10]);
      }
      return values;
    }
    case "fgsm": {
      const dataset = await loadDataset(config.dataset as DatasetName, { ...(config.testSubset ? { testSubset: config.testSubset } : {}), seed: config.seed });
      const values: Array<[string, number]> = [];
      for (const name of Object.keys(dirs) as Checkpoint[]) {
        const model = await loadCheckpointModel(dir(name));
        try {
          for (const point of fgsmAccuracy(model, dataset, { epsilons: config.epsilons })) values.push([fgsmMetric(name, point.epsilon), point.accuracy]);
        } finally {
          model.dispose();
        }
      }
      return values;
    }
  }
}

function failMissing(name: Checkpoint): never {
  throw new Error(`This measurement needs checkpoint ${name}, which its configuration does not name.`);
}

/** Reads the checkpoints of the runs it depends on and stores Table 1's distances, Figure 5's norms or Figure 6's FGSM accuracies. */
export async function runMeasure(start: Start, send: (m: FromWorker) => Promise<void>): Promise<void> {
  const config = measureRunConfigSchema.parse(start.run.config);
  const values = await measure(config, checkpointDirs(config, start.inputs));
  const time = Date.now();
  const points: MetricPoint[] = values.map(([name, value]) => ({ phase: "measure", epoch: 1, step: 0, name, value, time }));
  await send({ type: "metrics", epoch: 1, points });
}
