import type * as tf from "@tensorflow/tfjs";
import type { LayerBuilder } from "./layers.ts";
import type { PaperInit } from "./paper-init.ts";

export const MODEL_NAMES = ["mlp", "small-cnn", "small-resnet", "vgg16", "resnet18", "resnet50", "densenet-bc-40"] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * "paper": PyTorch 0.3.1's defaults (DenseNet: its own init), drawn from our seeded Rng, so a seed
 * fixes the weights on every backend. "framework": tfjs's own initializers, seeded per layer.
 */
export type InitScheme = "paper" | "framework";

export interface ModelOptions {
  /** [height, width, channels] of one NHWC image. */
  inputShape: [number, number, number];
  classes: number;
  init: InitScheme;
  seed: number;
  /** Channel multiplier for CPU-scale variants; 1 (the default) is the paper's network. */
  width?: number;
}

/** A build request that cannot give a working model; the message says what would. */
export class ModelConfigError extends Error {
  override name = "ModelConfigError";
}

/** What one architecture file provides to `buildModel`. */
export interface ModelDefinition {
  /** How `init: "paper"` initializes this model (reference-spec §3). */
  paperInit: PaperInit;
  /** Wires the layers from the input to the logits. */
  build(layers: LayerBuilder, input: tf.SymbolicTensor, classes: number): tf.SymbolicTensor;
}

/**
 * The usual check for a network that halves the image `halvings` times: every halving needs at
 * least two rows and columns to work on.
 */
function needsHalvings(model: ModelName, halvings: number) {
  const min = 2 ** halvings;
  return (height: number, width: number): string | null =>
    height >= min && width >= min
      ? null
      : `${model} halves the image ${halvings} times, so height and width must be at least ${min}; got ${height}×${width}.`;
}

/**
 * Why each architecture cannot take images of a height and width, or null if it can. Kept here,
 * apart from the layers, so a plan's options are checked without loading tfjs (the daemon's process never does).
 */
const INPUT_PROBLEMS: Record<ModelName, (height: number, width: number) => string | null> = {
  mlp: () => null,
  "small-cnn": needsHalvings("small-cnn", 2),
  "small-resnet": needsHalvings("small-resnet", 2),
  vgg16(height, width) {
    const fits = (side: number) => side >= 32 && side < 64;
    if (fits(height) && fits(width)) return null;
    return (
      `vgg16 halves the image 5 times and flattens exactly 512 features into its Linear(512→classes) head, ` +
      `so height and width must be 32–63 (the paper uses 32×32); got ${height}×${width}. ` +
      `Pad or resize the images to 32×32, or use small-cnn or small-resnet, which take any size.`
    );
  },
  resnet18: needsHalvings("resnet18", 3),
  resnet50: needsHalvings("resnet50", 3),
  "densenet-bc-40": needsHalvings("densenet-bc-40", 2),
};

/** Checks that a model can be built with these options, without building it (no tfjs); its name, known. */
export function checkModelOptions(name: string, options: ModelOptions): ModelName {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) throw new ModelConfigError(`Unknown model "${name}"; expected one of ${MODEL_NAMES.join(", ")}.`);
  validateOptions(name as ModelName, options);
  return name as ModelName;
}

function validateOptions(model: ModelName, options: ModelOptions): void {
  const { inputShape, classes, init, seed, width } = options;
  const shapeOk = Array.isArray(inputShape) && inputShape.length === 3 && inputShape.every((d) => Number.isInteger(d) && d > 0);
  if (!shapeOk) {
    throw new ModelConfigError(
      `inputShape must be [height, width, channels] of positive integers (one NHWC image, no batch), e.g. [32, 32, 3]; got ${JSON.stringify(inputShape)}.`,
    );
  }
  const problem = INPUT_PROBLEMS[model](inputShape[0], inputShape[1]);
  if (problem) throw new ModelConfigError(problem);
  if (!Number.isInteger(classes) || classes < 2) {
    throw new ModelConfigError(`classes must be an integer of at least 2 (CIFAR-10 has 10, CIFAR-100 100); got ${classes}.`);
  }
  if (init !== "paper" && init !== "framework") {
    throw new ModelConfigError(`init must be "paper" or "framework"; got ${JSON.stringify(init)}.`);
  }
  // Rng keeps 32 bits of a seed; a wider one would silently share its weights with another.
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ModelConfigError(`seed must be an integer from 0 to 4294967295; got ${seed}.`);
  }
  if (width !== undefined && !(Number.isFinite(width) && width > 0)) {
    throw new ModelConfigError(`width must be a positive number (1 gives the paper's channel counts); got ${width}.`);
  }
}
