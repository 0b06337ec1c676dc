export { allocatorAdvice, engineReport, findTcmalloc, initEngine, ONEDNN_BANNER, trainingProcessEnv, type Engine, type EngineReport } from "./engine/index.ts";
export { engineProcessEnv, type GpuStackReport } from "./engine/index.ts";
export { Rng } from "./rng.ts";
export { Sgd, type SgdOptions } from "./optim/sgd.ts";
export { loadWeights, saveWeights } from "./checkpoint/weights-file.ts";
export {
  FIGURE1_DEFAULTS,
  figure1Runs,
  toyRunConfigSchema,
  type Figure1Options,
  type PlannedToyRun,
  type ToyRunConfig,
} from "./toy/toy-config.ts";
export { makeToyData } from "./toy/toy-data.ts";
export { toyInit, type NamedWeights } from "./toy/toy-mlp.ts";
export { trainToy, TrainingError, TrainingStopped, type ToyHooks, type ToyResult, type ToyStop } from "./toy/train-toy.ts";
export * from "./data/index.ts";
export * from "./models/index.ts";
export { MODES, modeFlags, learningRate, PAPER_PROTOCOLS, type ModeName, type Protocol } from "./train/modes.ts";
export { imageRunConfigSchema, type ImageRunConfig } from "./train/image-config.ts";
export { imageRunConfig, PROFILES, type Profile, type ImageRunOptions } from "./train/profiles.ts";
export { trainImage, type ImageHooks, type ImageResult } from "./train/train-image.ts";
export { loadCheckpoint, saveCheckpoint, type CheckpointMeta } from "./train/checkpoint.ts";
export { pathNorm, pathNorms } from "./measures/path-norms.ts";
export { toyPathNorm, toyPathNorms } from "./measures/toy-path-norms.ts";
export type { PathNorm, PathNormOptions } from "./measures/path-norm-options.ts";
export { checkpointNorms, type CheckpointNorms, type NormOptions } from "./measures/checkpoint-norms.ts";
export { loadCheckpointModel, readCheckpointWeights, type CheckpointWeights } from "./measures/read-checkpoint.ts";
export { FGSM_EPSILONS, fgsmAccuracy, type FgsmOptions, type FgsmPoint } from "./measures/fgsm.ts";
export { batchNormParams, isBatchNorm, isConv, isDense, layerWeight, type BatchNormParams } from "./models/layer-kinds.ts";
