/**
 * `@minima/core/plans`: what planning and supervising runs needs of the core, without tfjs. The
 * daemon's own process queues, checks and spawns runs but never trains, so it imports from here;
 * its workers (and the CLI's training commands) import the rest of the core.
 */
export { allocatorAdvice, findTcmalloc, trainingProcessEnv } from "./engine/allocator.ts";
export { engineProcessEnv } from "./engine/engine-manifest.ts";
export { ONEDNN_BANNER } from "./engine/onednn-banner.ts";
export {
  FIGURE1_DEFAULTS,
  figure1Runs,
  toyRunConfigSchema,
  type Figure1Options,
  type PlannedToyRun,
  type ToyRunConfig,
} from "./toy/toy-config.ts";
export { DATASET_NAMES, DATASET_SHAPES, DatasetError, type DatasetName } from "./data/dataset.ts";
export { datasetStatus, type DatasetFileStatus, type DatasetStatus } from "./data/dataset-status.ts";
export { checkModelOptions, MODEL_NAMES, ModelConfigError, type InitScheme, type ModelName, type ModelOptions } from "./models/model-config.ts";
export { MODES, modeFlags, learningRate, PAPER_PROTOCOLS, type ModeName, type Protocol } from "./train/modes.ts";
export { imageRunConfigSchema, type ImageRunConfig } from "./train/image-config.ts";
export { imageRunConfig, PROFILES, type Profile, type ImageRunOptions } from "./train/profiles.ts";
