import { DATASET_NAMES, imageRunConfig, MODEL_NAMES, PROFILES, type ImageRunConfig, type ImageRunOptions, type ModeName, type Profile } from "@minima/core/plans";
import type { PlannedRun } from "@minima/db";
import type { Checkpoint } from "@minima/metrics";
import type { MeasureRunConfig } from "../measure-config.ts";
import type { OptionValues, PresetOption } from "../preset.ts";

/** 0 (or "auto") in these options means: what the profile says. */
export const orProfile = (value: number | string | undefined) => (value === 0 || value === "auto" ? undefined : value);

/** A dataset × model row of a grid; `undefined` leaves the choice to the profile. */
export interface Cell {
  dataset: string | undefined;
  model: string | undefined;
}

/** The profile, dataset and model options every image preset has, with its own defaults. */
export function cellOptions(defaultProfile: Profile, autoHelp: { dataset: string; model: string }): PresetOption[] {
  return [
    { name: "profile", label: "Profile", type: "choice", default: defaultProfile, choices: [...PROFILES], help: "paper: the paper's sizes; cpu: the same protocol at CPU scale." },
    { name: "dataset", label: "Dataset", type: "choice", default: "auto", choices: ["auto", ...DATASET_NAMES], help: `auto: ${autoHelp.dataset}` },
    { name: "model", label: "Model", type: "choice", default: "auto", choices: ["auto", ...MODEL_NAMES], help: `auto: ${autoHelp.model}` },
  ];
}

/** Seeds and the training protocol's sizes, shared by every image preset. */
export const TRAINING_OPTIONS: PresetOption[] = [
  { name: "seeds", label: "Seeds", type: "number", default: 5, min: 1, max: 20, integer: true, help: "Runs per cell (the paper: 5)." },
  { name: "epochs", label: "Epochs", type: "number", default: 0, min: 0, max: 10_000, integer: true, help: "Epochs of each training run; 0: the profile's (paper 350)." },
  { name: "pretrainEpochs", label: "Pre-training epoch cap", type: "number", default: 0, min: 0, max: 10_000, integer: true, help: "0: the profile's; pre-training stops earlier at 99.99% train accuracy." },
  { name: "replicas", label: "Replicas R", type: "number", default: 0, min: 0, max: 100, integer: true, help: "Algorithm 1's copies per image; 0: the profile's (paper 10, cpu 2)." },
  { name: "zeroOutRatio", label: "Zero-out ratio", type: "number", default: 0.1, min: 0, max: 1, integer: false, help: "Share of channel values zeroed in each copy." },
  { name: "trainSubset", label: "Train subset", type: "number", default: 0, min: 0, max: 1_000_000, integer: true, help: "Train on this many images (class-balanced); 0: the profile's (paper: all)." },
  { name: "testSubset", label: "Test subset", type: "number", default: 0, min: 0, max: 1_000_000, integer: true, help: "Evaluate on this many images; 0: the profile's (paper: all)." },
];

/**
 * The rows a grid preset trains: the chosen dataset and model, or with "auto" every pair of the
 * profile's lists (the paper's Table 1 is 4 datasets × 4 models).
 */
export function gridCells(options: OptionValues, auto: Record<Profile, { datasets: readonly string[]; models: readonly string[] }>): Cell[] {
  const lists = auto[options.profile as Profile];
  const datasets = options.dataset === "auto" ? lists.datasets : [options.dataset as string];
  const models = options.model === "auto" ? lists.models : [options.model as string];
  return datasets.flatMap((dataset) => models.map((model) => ({ dataset, model })));
}

/** The key prefix of a grid row's runs, e.g. "fashion-mnist/small-cnn/". */
export const cellPrefix = (cell: Cell) => `${cell.dataset}/${cell.model}/`;

/** The run keys of one cell and seed, as every image preset names them. */
export function runKeys(prefix: string, seed: number) {
  return {
    pretrain: `${prefix}pretrain/s${seed}`,
    trained: (init: "random" | "adversarial", mode: string) => `${prefix}${init}/${mode}/s${seed}`,
  };
}

function common(options: OptionValues, cell: Cell) {
  return {
    profile: options.profile as Profile,
    dataset: cell.dataset,
    model: cell.model,
    trainSubset: orProfile(options.trainSubset) as number | undefined,
    testSubset: orProfile(options.testSubset) as number | undefined,
  } satisfies Partial<ImageRunOptions>;
}

const describe = (cell: Cell) => (cell.dataset && cell.model ? `, ${cell.model} on ${cell.dataset}` : "");

/** Algorithm 1's pre-training on the confusion set: its final weights are W0^A. */
export function pretrainRun(key: string, options: OptionValues, cell: Cell, seed: number, replicas?: number): PlannedRun {
  const config = imageRunConfig({
    ...common(options, cell),
    seed,
    phase: "pretrain",
    epochs: orProfile(options.pretrainEpochs) as number | undefined,
    replicas: replicas ?? (orProfile(options.replicas) as number | undefined),
    zeroOutRatio: options.zeroOutRatio as number,
  });
  const r = replicas === undefined ? "" : ` (R = ${replicas})`;
  return { key, title: `Algorithm 1 pre-training${r}${describe(cell)}, seed ${seed}`, kind: "image", config, epochs: config.epochs, dependsOn: [] };
}

/** One of the eight modes from a random init, or from the pre-training run `pretrainKey`'s minimum. */
export function trainRun(key: string, options: OptionValues, cell: Cell, seed: number, mode: ModeName, pretrainKey: string | null): PlannedRun {
  const config = imageRunConfig({
    ...common(options, cell),
    seed,
    phase: "train",
    mode,
    start: pretrainKey ? "dependency" : "random",
    epochs: orProfile(options.epochs) as number | undefined,
  });
  const from = pretrainKey ? "adversarial" : "random";
  return { key, title: `${mode} from ${from} init${describe(cell)}, seed ${seed}`, kind: "image", config, epochs: config.epochs, dependsOn: pretrainKey ? [pretrainKey] : [] };
}

/**
 * Where Table 1's six checkpoints come from, by run key: W0^A is the pre-training's minimum, W0^R
 * the shared epoch-0 checkpoint of the random-init runs (the init depends on the seed only).
 */
export function sixCheckpoints(prefix: string, seed: number): Record<Checkpoint, { run: string; artifact: string }> {
  const keys = runKeys(prefix, seed);
  return {
    W0R: { run: keys.trained("random", "vanilla"), artifact: "checkpoint-epoch-0" },
    WVR: { run: keys.trained("random", "vanilla"), artifact: "weights" },
    WSR: { run: keys.trained("random", "sota"), artifact: "weights" },
    W0A: { run: keys.pretrain, artifact: "weights" },
    WVA: { run: keys.trained("adversarial", "vanilla"), artifact: "weights" },
    WSA: { run: keys.trained("adversarial", "sota"), artifact: "weights" },
  };
}

/** The five training runs behind the six checkpoints for one cell and seed, keyed as `sixCheckpoints` expects. */
export function sixCheckpointRuns(prefix: string, options: OptionValues, cell: Cell, seed: number): PlannedRun[] {
  const keys = runKeys(prefix, seed);
  return [
    pretrainRun(keys.pretrain, options, cell, seed),
    trainRun(keys.trained("random", "vanilla"), options, cell, seed, "vanilla", null),
    trainRun(keys.trained("random", "sota"), options, cell, seed, "sota", null),
    trainRun(keys.trained("adversarial", "vanilla"), options, cell, seed, "vanilla", keys.pretrain),
    trainRun(keys.trained("adversarial", "sota"), options, cell, seed, "sota", keys.pretrain),
  ];
}

export type Measure = MeasureRunConfig["measure"];

/**
 * A measurement run over the six checkpoints of one cell and seed (they must be in the plan):
 * Table 1's distances, Figure 5's norms, or Figure 6's FGSM on the four trained models.
 * `trained` is one of the cell's training configs: the dataset, model and test images to use.
 */
export function measureRun(prefix: string, measure: Measure, trained: ImageRunConfig, options: OptionValues): PlannedRun {
  const all = sixCheckpoints(prefix, trained.seed);
  const base = { kind: "measure" as const, dataset: trained.dataset, model: trained.model, seed: trained.seed };
  const config: MeasureRunConfig =
    measure === "distances"
      ? { ...base, measure, checkpoints: all, tensors: (options.tensors as "trainable" | undefined) ?? "trainable" }
      : measure === "norms"
        ? { ...base, measure, checkpoints: all }
        : {
            ...base,
            measure,
            checkpoints: { WVR: all.WVR, WSR: all.WSR, WVA: all.WVA, WSA: all.WSA },
            epsilons: epsilons((options.epsilonStep as number | undefined) ?? 0.05, (options.epsilonMax as number | undefined) ?? 0.3),
            // The same test images the models were evaluated on.
            testSubset: trained.testSubset,
          };
  return {
    key: `${prefix}${measure}/s${trained.seed}`,
    title: `${measure} of ${trained.model} on ${trained.dataset}, seed ${trained.seed}`,
    kind: "measure",
    config,
    epochs: 1,
    dependsOn: [...new Set(Object.values(config.checkpoints).map((c) => c.run))],
  };
}

/** ε = 0, step, 2·step, …, max (the PyTorch tutorial's 0, .05, …, .3 by default), rounded to 6 places. */
export function epsilons(step: number, max: number): number[] {
  const count = Math.floor(max / step + 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

/** Per grid cell and seed: the six checkpoints' training runs, then the measurement runs over them. */
export function measuredGridRuns(options: OptionValues, measures: readonly Measure[], grid: Parameters<typeof gridCells>[1]): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const cell of gridCells(options, grid)) {
    const prefix = cellPrefix(cell);
    for (let seed = 1; seed <= (options.seeds as number); seed++) {
      const trained = sixCheckpointRuns(prefix, options, cell, seed);
      runs.push(...trained);
      for (const measure of measures) runs.push(measureRun(prefix, measure, trained[1]!.config as ImageRunConfig, options));
    }
  }
  return runs;
}
