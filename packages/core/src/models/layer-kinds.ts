import type * as tf from "@tensorflow/tfjs";

/**
 * What a layer is, decided by its class name rather than `instanceof`: the engine may swap tfjs's
 * classes for its own (a fused batch-norm layer), and a model deserialized from a checkpoint may
 * come from another copy of tfjs, where `instanceof` fails although the layer is the same.
 */
type Layer = tf.layers.Layer;

const BATCH_NORM = new Set(["BatchNormalization", "FusedBatchNormalization"]);
const ADD = new Set(["Add", "ResidualAdd"]);

export const isInput = (layer: Layer): boolean => layer.getClassName() === "InputLayer";
export const isBatchNorm = (layer: Layer): boolean => BATCH_NORM.has(layer.getClassName());
export const isConv = (layer: Layer): boolean => layer.getClassName() === "Conv2D";
export const isDense = (layer: Layer): boolean => layer.getClassName() === "Dense";
export const isAdd = (layer: Layer): boolean => ADD.has(layer.getClassName());
export const isConcatenate = (layer: Layer): boolean => layer.getClassName() === "Concatenate";
export const isMaxPool = (layer: Layer): boolean => layer.getClassName() === "MaxPooling2D";
export const isAveragePool = (layer: Layer): boolean => layer.getClassName() === "AveragePooling2D";
export const isGlobalAveragePool = (layer: Layer): boolean => layer.getClassName() === "GlobalAveragePooling2D";
export const isFlatten = (layer: Layer): boolean => layer.getClassName() === "Flatten";
export const isZeroPadding = (layer: Layer): boolean => layer.getClassName() === "ZeroPadding2D";
export const isRelu = (layer: Layer): boolean =>
  layer.getClassName() === "ReLU" || (layer.getClassName() === "Activation" && layer.getConfig().activation === "relu");

// The last segment of a weight's name; tfjs may suffix `_1` when a process builds a model twice.
const weightRole = (name: string): string => /([^/]+?)(?:_\d+)?$/.exec(name)?.[1] ?? name;

/** A layer's weight by its role (`kernel`, `bias`, `gamma`, …), or undefined when it has none. */
export function layerWeight(layer: Layer, role: string): tf.Tensor | undefined {
  return layer.weights.find((w) => weightRole(w.originalName) === role)?.read();
}

export interface BatchNormParams {
  /** γ and β are absent when the layer was built with `scale: false` / `center: false`. */
  gamma: tf.Tensor | undefined;
  beta: tf.Tensor | undefined;
  movingMean: tf.Tensor;
  movingVariance: tf.Tensor;
  epsilon: number;
  /** The normalized axis as configured (-1 or a non-negative index). */
  axis: number;
}

/** A batch-norm layer's parameters by weight name, so any class with tfjs's weight names works. */
export function batchNormParams(layer: Layer): BatchNormParams {
  const movingMean = layerWeight(layer, "moving_mean");
  const movingVariance = layerWeight(layer, "moving_variance");
  if (!movingMean || !movingVariance) {
    throw new Error(
      `Batch-norm layer "${layer.name}" has no moving_mean/moving_variance weights (it has ${layer.weights.map((w) => w.originalName).join(", ")}).`,
    );
  }
  // A layer without an axis setting (the engine's fused BN) normalizes the last axis, as tfjs's default.
  const configured = layer.getConfig().axis ?? -1;
  const axis = Array.isArray(configured) && configured.length === 1 ? configured[0] : configured;
  if (typeof axis !== "number") {
    throw new Error(`Batch-norm layer "${layer.name}" normalizes axes ${JSON.stringify(configured)}; minima reads batch norms over one axis.`);
  }
  const epsilon = layer.getConfig().epsilon;
  return {
    gamma: layerWeight(layer, "gamma"),
    beta: layerWeight(layer, "beta"),
    movingMean,
    movingVariance,
    epsilon: typeof epsilon === "number" ? epsilon : 1e-3,
    axis,
  };
}
