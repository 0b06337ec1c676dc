import { MODES, type ImageRunConfig } from "@minima/core/plans";
import type { PlannedRun } from "@minima/db";
import type { OptionValues, Preset } from "../preset.ts";
import { cellOptions, measureRun, orProfile, pretrainRun, runKeys, TRAINING_OPTIONS, trainRun, type Measure } from "./image-runs.ts";

/** What the `measures` option adds on the same runs: Table 1's distances, Figures 5 and 6. */
const MEASURES: Record<string, readonly Measure[]> = { none: [], "distances+norms+fgsm": ["distances", "norms", "fgsm"] };

/**
 * Table 2: per seed, one Algorithm-1 pre-training run, the eight modes fine-tuned from its
 * minimum (adversarial init), and the eight modes from a random init. The vanilla and SOTA runs
 * among them hold Table 1's checkpoints, so `measures` can add its distances (and the norms and
 * FGSM of Figures 5–6) without training anything twice.
 */
export function table2Runs(options: OptionValues): PlannedRun[] {
  const cell = { dataset: orProfile(options.dataset) as string | undefined, model: orProfile(options.model) as string | undefined };
  const runs: PlannedRun[] = [];
  for (let seed = 1; seed <= (options.seeds as number); seed++) {
    const keys = runKeys("", seed);
    runs.push(pretrainRun(keys.pretrain, options, cell, seed));
    for (const init of ["random", "adversarial"] as const) {
      for (const mode of MODES) runs.push(trainRun(keys.trained(init, mode), options, cell, seed, mode, init === "adversarial" ? keys.pretrain : null));
    }
    const trained = runs.at(-1)!.config as ImageRunConfig;
    for (const measure of MEASURES[options.measures as string] ?? []) runs.push(measureRun("", measure, trained, options));
  }
  return runs;
}

export const table2Ablation: Preset = {
  name: "table2-ablation",
  title: "Table 2: the ablation of DA, ℓ2 and momentum",
  description:
    "Per seed: Algorithm 1's pre-training on the confusion set, then the eight modes (every combination of data augmentation, ℓ2 and momentum) from its minimum and from a random init. paper = ResNet18 on CIFAR-10, 350 epochs; cpu = a small CNN on a Fashion-MNIST subset.",
  options: [
    ...cellOptions("paper", { dataset: "the profile's (CIFAR-10 / Fashion-MNIST).", model: "the profile's (ResNet18 / small CNN)." }),
    ...TRAINING_OPTIONS,
    {
      name: "measures",
      label: "Also measure",
      type: "choice",
      default: "none",
      choices: Object.keys(MEASURES),
      help: "Add Table 1's distances and Figures 5–6 (norms, FGSM at ε = 0 … 0.3) on the vanilla and SOTA runs of each seed.",
    },
  ],
  expand: table2Runs,
};
