import { DATASET_NAMES, DATASET_SHAPES, DatasetError, type DatasetName } from "../data/dataset.ts";
import { checkModelOptions } from "../models/model-config.ts";
import { imageRunConfigSchema, type ImageRunConfig } from "./image-config.ts";
import { PAPER_PROTOCOLS, type ModeName } from "./modes.ts";

export const PROFILES = ["paper", "cpu"] as const;
export type Profile = (typeof PROFILES)[number];

export interface ImageRunOptions {
  profile: Profile;
  phase: "pretrain" | "train";
  start?: "random" | "dependency" | undefined;
  mode?: ModeName | undefined;
  dataset?: string | undefined;
  model?: string | undefined;
  seed?: number | undefined;
  epochs?: number | undefined;
  replicas?: number | undefined;
  zeroOutRatio?: number | undefined;
  trainSubset?: number | null | undefined;
  testSubset?: number | null | undefined;
  init?: "paper" | "framework" | undefined;
  lr?: number | undefined;
}

/**
 * The `cpu` profile keeps the protocol (Algorithm 1, the stopping rule, a fresh optimizer for
 * fine-tuning, the eight modes' optimizer settings) and scales sizes only: Fashion-MNIST subsets,
 * a small CNN, fewer epochs with the same two-milestone schedule shape.
 */
const CPU = {
  dataset: "fashion-mnist",
  model: "small-cnn",
  trainSubset: 2000,
  testSubset: 2000,
  epochs: 30,
  milestones: [15, 25],
  pretrainEpochs: 100,
  replicas: 2,
  checkEvery: 5,
  checkpointEvery: 5,
} as const;

/**
 * A complete, validated run configuration from a profile and overrides. Defaults follow
 * reference-spec §2–§4; every deviation is one of the named overrides.
 * R (replicas) defaults to 10, the authors' generator default: the paper never states the R of
 * its main results, and the train scripts' own default (1) would not find that file.
 */
export function imageRunConfig(options: ImageRunOptions): ImageRunConfig {
  const cpu = options.profile === "cpu";
  const dataset = options.dataset ?? (cpu ? CPU.dataset : "cifar10");
  const protocol = PAPER_PROTOCOLS[dataset] ?? PAPER_PROTOCOLS.cifar10!;
  const pretrain = options.phase === "pretrain";
  const epochs = options.epochs ?? (cpu ? (pretrain ? CPU.pretrainEpochs : CPU.epochs) : protocol.epochs);
  // The schedule's shape at any length; a milestone is at epoch 1 at the earliest (a 1-epoch run's would round to 0).
  const schedule = cpu ? CPU : protocol;
  const milestones = schedule.milestones.map((m) => Math.max(1, Math.round((m / schedule.epochs) * epochs)));
  const seed = options.seed ?? 1;
  if (!DATASET_NAMES.includes(dataset as DatasetName)) {
    throw new DatasetError(`Unknown dataset "${dataset}"; expected one of ${DATASET_NAMES.join(", ")}.`);
  }
  const config = imageRunConfigSchema.parse({
    kind: "image",
    dataset,
    trainSubset: options.trainSubset !== undefined ? options.trainSubset : cpu ? CPU.trainSubset : null,
    testSubset: options.testSubset !== undefined ? options.testSubset : cpu ? CPU.testSubset : null,
    model: options.model ?? (cpu ? CPU.model : "resnet18"),
    width: 1,
    init: options.init ?? "paper",
    seed,
    phase: options.phase,
    start: options.start ?? "random",
    mode: pretrain ? "vanilla" : (options.mode ?? "sota"),
    epochs,
    lr: options.lr ?? protocol.lr,
    milestones,
    gamma: protocol.gamma,
    batchSize: protocol.batchSize,
    weightDecay: protocol.weightDecay,
    momentum: protocol.momentum,
    confusion: pretrain ? { replicas: options.replicas ?? (cpu ? CPU.replicas : 10), zeroOutRatio: options.zeroOutRatio ?? 0.1, seed } : null,
    stopAt: pretrain ? { accuracy: 0.9999, every: cpu ? CPU.checkEvery : 25 } : null,
    evalEvery: 1,
    checkpointEvery: cpu ? CPU.checkpointEvery : 25,
  });
  // A model that cannot take this dataset's images is refused here, before any run is queued.
  const { shape, classes } = DATASET_SHAPES[dataset as DatasetName];
  checkModelOptions(config.model, { inputShape: shape, classes, init: config.init, seed: config.seed, width: config.width });
  return config;
}
