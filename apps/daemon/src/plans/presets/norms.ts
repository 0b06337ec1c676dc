import { TABLE1_DATASETS } from "@minima/metrics";
import type { Preset } from "../preset.ts";
import { cellOptions, measuredGridRuns, TRAINING_OPTIONS } from "./image-runs.ts";

/** The paper shows norms for ResNet50 on its four datasets. */
export const NORMS_GRID = {
  paper: { datasets: TABLE1_DATASETS, models: ["resnet50"] },
  cpu: { datasets: ["fashion-mnist"], models: ["small-cnn"] },
} as const;

export const norms: Preset = {
  name: "norms",
  title: "Figure 5: norms from random and adversarial init",
  description:
    "The Frobenius norm, the ℓ1-path norm and the ℓ2-path norm of the six checkpoints of Table 1 (inits, vanilla and SOTA from random and adversarial init). paper = ResNet50 on the 4 datasets; cpu = Fashion-MNIST with the small CNN.",
  options: [...cellOptions("paper", { dataset: "all four of the paper's (cpu: Fashion-MNIST).", model: "ResNet50 (cpu: the small CNN)." }), ...TRAINING_OPTIONS],
  expand: (options) => measuredGridRuns(options, ["norms"], NORMS_GRID),
};
