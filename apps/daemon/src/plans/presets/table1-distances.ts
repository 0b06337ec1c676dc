import type { ImageRunConfig } from "@minima/core";
import type { PlannedRun } from "@minima/db";
import { TABLE1_DATASETS, TABLE1_MODELS } from "@minima/metrics";
import type { MeasureRunConfig } from "../measure-config.ts";
import type { OptionValues, Preset } from "../preset.ts";
import { cellOptions, cellPrefix, gridCells, sixCheckpointRuns, TRAINING_OPTIONS } from "./image-runs.ts";

/** The paper's 16 rows; at CPU scale, Fashion-MNIST with the small CNN. */
export const TABLE1_GRID = {
  paper: { datasets: TABLE1_DATASETS, models: TABLE1_MODELS },
  cpu: { datasets: ["fashion-mnist"], models: ["small-cnn"] },
} as const;

/**
 * The six checkpoints' training runs per row and seed, then one measurement run that reads them and
 * stores the seven distances (a `kind: "measure"` run, so the table fills in row by row).
 */
export function measuredGridRuns(
  options: OptionValues,
  measure: (base: Omit<MeasureRunConfig, "measure">, trained: ImageRunConfig) => MeasureRunConfig,
  grid: Parameters<typeof gridCells>[1],
): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const cell of gridCells(options, grid)) {
    const prefix = cellPrefix(cell, true);
    for (let seed = 1; seed <= (options.seeds as number); seed++) {
      const trained = sixCheckpointRuns(prefix, options, cell, seed);
      runs.push(...trained.runs);
      const config = measure({ kind: "measure", dataset: cell.dataset!, model: cell.model!, seed, checkpoints: trained.checkpoints }, trained.runs[1]!.config as ImageRunConfig);
      runs.push({
        key: `${prefix}${config.measure}/s${seed}`,
        title: `${config.measure} of ${cell.model} on ${cell.dataset}, seed ${seed}`,
        kind: "measure",
        config,
        epochs: 1,
        dependsOn: [...new Set(Object.values(config.checkpoints).map((c) => c.run))],
      });
    }
  }
  return runs;
}

export const table1Distances: Preset = {
  name: "table1-distances",
  title: "Table 1: distances between the six checkpoints",
  description:
    "Per dataset, model and seed: the random init W0R, vanilla and SOTA training from it (WVR, WSR), Algorithm 1's pre-training (W0A) and vanilla and SOTA from it (WVA, WSA); then d(W1, W2) = ‖W1 − W2‖ / ‖W2‖ for Table 1's seven pairs. paper = the 4 datasets × 4 models; cpu = Fashion-MNIST with the small CNN.",
  options: [
    ...cellOptions("paper", { dataset: "all four of the paper's (cpu: Fashion-MNIST).", model: "all four of the paper's (cpu: the small CNN)." }),
    ...TRAINING_OPTIONS,
    {
      name: "tensors",
      label: "Tensors",
      type: "choice",
      default: "trainable",
      choices: ["trainable", "weights-only", "all"],
      help: "Which tensors the distance counts (the paper does not say): all trainable ones, conv/dense kernels only, or also batch-norm running statistics.",
    },
  ],
  expand: (options) => measuredGridRuns(options, (base) => ({ ...base, measure: "distances", tensors: options.tensors as "trainable" }), TABLE1_GRID),
};
