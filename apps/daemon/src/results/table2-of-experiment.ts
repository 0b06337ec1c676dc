import { listRuns, type Db } from "@minima/db";
import { table2, type Table2, type Table2Measure } from "@minima/metrics";
import { finalValue, finishedRuns, imageConfig } from "./finished-runs.ts";
import { viewsOfRuns } from "./views-of-runs.ts";

/**
 * Table 2 from an ablation's finished fine-tuning runs: each cell aggregates the final train and
 * test accuracy over seeds, with the paper's value beside it; a difference from it only when the
 * experiment trained the paper's setting (all its runs, planned ones included, decide which).
 */
export async function table2OfExperiment(db: Db, experimentId: string, expectedSeeds: number): Promise<Table2> {
  const measures: Table2Measure[] = [];
  for (const { run, points } of await finishedRuns(db, experimentId, "image")) {
    const config = imageConfig(run);
    if (config.phase !== "train") continue;
    for (const [name, split] of [["train_acc", "train"], ["test_acc", "test"]] as const) {
      const value = finalValue(points, name);
      if (value !== undefined) {
        measures.push({ mode: config.mode, init: config.start === "dependency" ? "adversarial" : "random", split, seed: config.seed, value, runId: run.id });
      }
    }
  }
  const { setting } = viewsOfRuns(await listRuns(db, { experimentId }));
  return table2(measures, { expectedSeeds, setting });
}
