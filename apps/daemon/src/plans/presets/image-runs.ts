import { DATASET_NAMES, imageRunConfig, MODEL_NAMES, PROFILES, type ImageRunOptions, type ModeName, type Profile } from "@minima/core";
import type { PlannedRun } from "@minima/db";
import type { Checkpoint } from "@minima/metrics";
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

/** A key prefix that tells a grid's rows apart; empty for single-cell presets. */
export const cellPrefix = (cell: Cell, grid: boolean) => (grid ? `${cell.dataset}/${cell.model}/` : "");

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
 * The five training runs behind Table 1's six checkpoints for one cell and seed: pre-training
 * (W0^A), vanilla and SOTA from a random init (W_V^R, W_S^R; W0^R is their shared epoch-0
 * checkpoint: the init depends on the seed only) and from W0^A (W_V^A, W_S^A).
 */
export function sixCheckpointRuns(prefix: string, options: OptionValues, cell: Cell, seed: number) {
  const pretrain = `${prefix}pretrain/s${seed}`;
  const key = (init: string, mode: string) => `${prefix}${init}/${mode}/s${seed}`;
  const runs = [
    pretrainRun(pretrain, options, cell, seed),
    trainRun(key("random", "vanilla"), options, cell, seed, "vanilla", null),
    trainRun(key("random", "sota"), options, cell, seed, "sota", null),
    trainRun(key("adversarial", "vanilla"), options, cell, seed, "vanilla", pretrain),
    trainRun(key("adversarial", "sota"), options, cell, seed, "sota", pretrain),
  ];
  const checkpoints: Record<Checkpoint, { run: string; artifact: string }> = {
    W0R: { run: key("random", "vanilla"), artifact: "checkpoint-epoch-0" },
    WVR: { run: key("random", "vanilla"), artifact: "weights" },
    WSR: { run: key("random", "sota"), artifact: "weights" },
    W0A: { run: pretrain, artifact: "weights" },
    WVA: { run: key("adversarial", "vanilla"), artifact: "weights" },
    WSA: { run: key("adversarial", "sota"), artifact: "weights" },
  };
  return { runs, checkpoints };
}
