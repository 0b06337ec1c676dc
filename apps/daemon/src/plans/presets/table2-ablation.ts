import { DATASET_NAMES, imageRunConfig, MODEL_NAMES, MODES, PROFILES, type ImageRunOptions, type Profile } from "@minima/core";
import type { PlannedRun } from "@minima/db";
import type { OptionValues, Preset } from "../preset.ts";

/** 0 (or "auto") in these options means: what the profile says. */
const orProfile = (value: number | string | undefined) => (value === 0 || value === "auto" ? undefined : value);

/**
 * Table 2: per seed, one Algorithm-1 pre-training run, the eight modes fine-tuned from its
 * minimum (adversarial init), and the eight modes from a random init.
 */
export function table2Runs(options: OptionValues): PlannedRun[] {
  const common = {
    profile: options.profile as Profile,
    dataset: orProfile(options.dataset) as string | undefined,
    model: orProfile(options.model) as string | undefined,
    trainSubset: orProfile(options.trainSubset) as number | undefined,
    testSubset: orProfile(options.testSubset) as number | undefined,
  } satisfies Partial<ImageRunOptions>;
  const runs: PlannedRun[] = [];
  for (let seed = 1; seed <= (options.seeds as number); seed++) {
    const pretrain = imageRunConfig({
      ...common,
      seed,
      phase: "pretrain",
      epochs: orProfile(options.pretrainEpochs) as number | undefined,
      replicas: orProfile(options.replicas) as number | undefined,
      zeroOutRatio: options.zeroOutRatio as number,
    });
    const pretrainKey = `pretrain/s${seed}`;
    runs.push({ key: pretrainKey, title: `Algorithm 1 pre-training, seed ${seed}`, kind: "image", config: pretrain, epochs: pretrain.epochs, dependsOn: [] });
    for (const init of ["random", "adversarial"] as const) {
      for (const mode of MODES) {
        const config = imageRunConfig({
          ...common,
          seed,
          phase: "train",
          mode,
          start: init === "adversarial" ? "dependency" : "random",
          epochs: orProfile(options.epochs) as number | undefined,
        });
        runs.push({
          key: `${init}/${mode}/s${seed}`,
          title: `${mode} from ${init} init, seed ${seed}`,
          kind: "image",
          config,
          epochs: config.epochs,
          dependsOn: init === "adversarial" ? [pretrainKey] : [],
        });
      }
    }
  }
  return runs;
}

export const table2Ablation: Preset = {
  name: "table2-ablation",
  title: "Table 2: the ablation of DA, ℓ2 and momentum",
  description:
    "Per seed: Algorithm 1's pre-training on the confusion set, then the eight modes (every combination of data augmentation, ℓ2 and momentum) from its minimum and from a random init. paper = ResNet18 on CIFAR-10, 350 epochs; cpu = a small CNN on a Fashion-MNIST subset.",
  options: [
    { name: "profile", label: "Profile", type: "choice", default: "paper", choices: [...PROFILES], help: "paper: the paper's sizes; cpu: the same protocol at CPU scale." },
    { name: "dataset", label: "Dataset", type: "choice", default: "auto", choices: ["auto", ...DATASET_NAMES], help: "auto: the profile's (CIFAR-10 / Fashion-MNIST)." },
    { name: "model", label: "Model", type: "choice", default: "auto", choices: ["auto", ...MODEL_NAMES], help: "auto: the profile's (ResNet18 / small CNN)." },
    { name: "seeds", label: "Seeds", type: "number", default: 5, min: 1, max: 20, integer: true, help: "Runs per cell (the paper: 5)." },
    { name: "epochs", label: "Epochs", type: "number", default: 0, min: 0, max: 10_000, integer: true, help: "Epochs of each training run; 0: the profile's (paper 350)." },
    { name: "pretrainEpochs", label: "Pre-training epoch cap", type: "number", default: 0, min: 0, max: 10_000, integer: true, help: "0: the profile's; pre-training stops earlier at 99.99% train accuracy." },
    { name: "replicas", label: "Replicas R", type: "number", default: 0, min: 0, max: 100, integer: true, help: "Algorithm 1's copies per image; 0: the profile's (paper 10, cpu 2)." },
    { name: "zeroOutRatio", label: "Zero-out ratio", type: "number", default: 0.1, min: 0, max: 1, integer: false, help: "Share of channel values zeroed in each copy." },
    { name: "trainSubset", label: "Train subset", type: "number", default: 0, min: 0, max: 1_000_000, integer: true, help: "Train on this many images (class-balanced); 0: the profile's (paper: all)." },
    { name: "testSubset", label: "Test subset", type: "number", default: 0, min: 0, max: 1_000_000, integer: true, help: "Evaluate on this many images; 0: the profile's (paper: all)." },
  ],
  expand: table2Runs,
};
