import type { PlannedRun } from "@minima/db";
import type { OptionValues, Preset } from "../preset.ts";
import { cellOptions, orProfile, pretrainRun, TRAINING_OPTIONS, trainRun } from "./image-runs.ts";

/** The paper sweeps R at 10% zero-out without listing its values; these span its range. */
const R_VALUES = { paper: "1,2,5,10,20", cpu: "1,2,4" } as const;

/**
 * Figure 4: per seed, vanilla SGD from a random init (plotted at R = 0) and, for each R, Algorithm
 * 1's pre-training with R replicas followed by vanilla SGD from its minimum.
 */
export function rSweepRuns(options: OptionValues): PlannedRun[] {
  const cell = { dataset: orProfile(options.dataset) as string | undefined, model: orProfile(options.model) as string | undefined };
  const list = options.rValues === "auto" ? R_VALUES[options.profile as keyof typeof R_VALUES] : (options.rValues as string);
  const rs = list.split(",").map(Number);
  const runs: PlannedRun[] = [];
  for (let seed = 1; seed <= (options.seeds as number); seed++) {
    runs.push(trainRun(`R0/vanilla/s${seed}`, options, cell, seed, "vanilla", null));
    for (const r of rs) {
      runs.push(pretrainRun(`R${r}/pretrain/s${seed}`, options, cell, seed, r));
      runs.push(trainRun(`R${r}/vanilla/s${seed}`, options, cell, seed, "vanilla", `R${r}/pretrain/s${seed}`));
    }
  }
  return runs;
}

export const rSweep: Preset = {
  name: "r-sweep",
  title: "Figure 4: test accuracy against the replicas R",
  description:
    "Vanilla SGD's test accuracy from an adversarial init made with R replicas per image (10% zero-out), for several R, beside the random init (R = 0). paper = ResNet18 on CIFAR-10; cpu = a small CNN on a Fashion-MNIST subset.",
  options: [
    ...cellOptions("paper", { dataset: "the profile's (CIFAR-10 / Fashion-MNIST).", model: "the profile's (ResNet18 / small CNN)." }),
    {
      name: "rValues",
      label: "R values",
      type: "choice",
      default: "auto",
      choices: ["auto", "1,2,4", "1,2,5,10", "1,2,5,10,20", "1,2,3,4,5,6,7,8,9,10"],
      help: `auto: ${R_VALUES.paper} (cpu: ${R_VALUES.cpu}).`,
    },
    ...TRAINING_OPTIONS.filter((o) => o.name !== "replicas"),
  ],
  expand: rSweepRuns,
};
