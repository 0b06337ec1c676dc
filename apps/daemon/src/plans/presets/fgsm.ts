import type { Preset } from "../preset.ts";
import { cellOptions, measuredGridRuns, TRAINING_OPTIONS } from "./image-runs.ts";
import { NORMS_GRID } from "./norms.ts";

export const fgsm: Preset = {
  name: "fgsm",
  title: "Figure 6: robustness to FGSM",
  description:
    "Test accuracy under the fast gradient sign attack x' = clip(x + ε·sign(∇ₓ loss), 0, 1), in [0, 1] pixel space, of the vanilla and SOTA models from random and adversarial init. paper = ResNet50 on the 4 datasets; cpu = Fashion-MNIST with the small CNN.",
  options: [
    ...cellOptions("paper", { dataset: "all four of the paper's (cpu: Fashion-MNIST).", model: "ResNet50 (cpu: the small CNN)." }),
    ...TRAINING_OPTIONS,
    { name: "epsilonStep", label: "ε step", type: "number", default: 0.05, min: 0.001, max: 1, integer: false, help: "Spacing of the attack strengths." },
    { name: "epsilonMax", label: "Largest ε", type: "number", default: 0.3, min: 0, max: 1, integer: false, help: "Attack strengths run from 0 to this." },
  ],
  expand: (options) => measuredGridRuns(options, ["fgsm"], NORMS_GRID),
};
