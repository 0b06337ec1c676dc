import { TABLE1_DATASETS, TABLE1_MODELS } from "@minima/metrics";
import type { Preset } from "../preset.ts";
import { cellOptions, measuredGridRuns, TRAINING_OPTIONS } from "./image-runs.ts";

/** The paper's 16 rows; at CPU scale, Fashion-MNIST with the small CNN. */
export const TABLE1_GRID = {
  paper: { datasets: TABLE1_DATASETS, models: TABLE1_MODELS },
  cpu: { datasets: ["fashion-mnist"], models: ["small-cnn"] },
} as const;

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
  expand: (options) => measuredGridRuns(options, ["distances"], TABLE1_GRID),
};
