import type { Db } from "@minima/db";
import { table1, TABLE1_COLUMNS, type Table1, type Table1Measure } from "@minima/metrics";
import { measureRunConfigSchema } from "../plans/measure-config.ts";
import { finishedRuns } from "./finished-runs.ts";

/** Table 1 from an experiment's finished distance runs, cells over seeds beside the paper's values. */
export async function table1OfExperiment(db: Db, experimentId: string, expectedSeeds: number): Promise<Table1> {
  const measures: Table1Measure[] = [];
  for (const { run, points } of await finishedRuns(db, experimentId, "measure")) {
    const config = measureRunConfigSchema.parse(run.config);
    if (config.measure !== "distances") continue;
    for (const column of TABLE1_COLUMNS) {
      const point = points.find((p) => p.name === column);
      if (point) measures.push({ dataset: config.dataset, model: config.model, seed: config.seed, column, value: point.value, runId: run.id });
    }
  }
  return table1(measures, { expectedSeeds });
}
