import * as tf from "@tensorflow/tfjs";
import {
  batchNormParams,
  isAdd,
  isAveragePool,
  isBatchNorm,
  isConcatenate,
  isConv,
  isDense,
  isFlatten,
  isGlobalAveragePool,
  isMaxPool,
  isRelu,
  isZeroPadding,
  layerWeight,
} from "../models/layer-kinds.ts";
import type { PinnedPathNormOptions } from "./path-norm-options.ts";

/**
 * The nonnegative signal of f_{|W|^p} at one tensor of the graph: the true values are
 * `v · e^logScale`. Every weighted layer divides its output by its maximum and adds the log to
 * `logScale`, so float32 never overflows however deep the net: the path products of a ResNet50
 * pass 1e38 long before its head. The net without biases is positively homogeneous, so rescaling
 * between layers changes nothing but the bookkeeping.
 */
// A type, not an interface, so tf.tidy can return it (a tensor container needs an index signature).
export type Signal = { v: tf.Tensor; logScale: number };

type Layer = tf.layers.Layer;
type Config = ReturnType<Layer["getConfig"]>;

/** f_{|W|^p} of one layer on nonnegative inputs. Throws on a layer whose path norm is not pinned. */
export function applyLayer(layer: Layer, inputs: Signal[], p: number, options: PinnedPathNormOptions): Signal {
  const config = layer.getConfig();
  if (isAdd(layer)) return rescaled(tf.addN(aligned(inputs)), maxLog(inputs));
  if (isConcatenate(layer)) return rescaled(tf.concat(aligned(inputs), numberOr(config.axis, -1)), maxLog(inputs));
  const [input, ...extra] = inputs;
  if (!input || extra.length > 0) throw unsupported(layer, `takes ${inputs.length} inputs`);
  const { v, logScale } = input;
  const same = (out: tf.Tensor): Signal => ({ v: out, logScale });
  // ReLU is the identity on the nonnegative signal; so is an inference-mode dropout.
  if (isRelu(layer) || layer.getClassName() === "Dropout") return input;
  if (layer.getClassName() === "Activation" && config.activation === "linear") return input;
  if (isZeroPadding(layer)) return same(tf.pad(v, [[0, 0], ...(config.padding as [[number, number], [number, number]]), [0, 0]]));
  if (isFlatten(layer)) return same(v.reshape([v.shape[0], -1]));
  if (isGlobalAveragePool(layer)) return same(v.mean([1, 2]));
  if (isAveragePool(layer)) return same(pool(v, config, "avg"));
  if (isMaxPool(layer)) return same(options.maxPool === "max" ? pool(v, config, "max") : sumPool(layer, v, config));
  if (isConv(layer) || isDense(layer)) return affine(layer, input, p, options);
  if (isBatchNorm(layer)) return options.batchNorm === "identity" ? input : batchNorm(layer, input, p, options);
  throw unsupported(layer, "is not one of the layer kinds whose path norm minima pins");
}

/** Conv2D or Dense with kernel |K|^p, and bias |b|^p when biases count. */
function affine(layer: Layer, input: Signal, p: number, options: PinnedPathNormOptions): Signal {
  const config = layer.getConfig();
  if (config.activation !== "linear" && config.activation !== "relu") throw unsupported(layer, `has activation ${JSON.stringify(config.activation)}`);
  const kernel = tf.abs(layerWeight(layer, "kernel") ?? missing(layer, "kernel")).pow(p);
  const { v, logScale } = biasReady(input, options);
  let out: tf.Tensor;
  if (isDense(layer)) {
    const units = kernel.shape[1]!;
    out = v.reshape([-1, kernel.shape[0]]).matMul(kernel as tf.Tensor2D).reshape([...v.shape.slice(0, -1), units]);
  } else {
    if (config.dataFormat !== "channelsLast") throw unsupported(layer, `has data format ${JSON.stringify(config.dataFormat)}`);
    out = tf.conv2d(v as tf.Tensor4D, kernel as tf.Tensor4D, pair(config.strides), config.padding as "same" | "valid", "NHWC", pair(config.dilationRate));
  }
  const bias = options.biases === "include" ? layerWeight(layer, "bias") : undefined;
  if (bias) out = out.add(tf.abs(bias).pow(p).mul(Math.exp(-logScale)));
  return rescaled(out, logScale);
}

/** Eval-mode BN: x·γ/√(var+ε) + (β − μγ/√(var+ε)) per channel; the shift counts only with biases. */
function batchNorm(layer: Layer, input: Signal, p: number, options: PinnedPathNormOptions): Signal {
  const bn = batchNormParams(layer);
  if (bn.axis !== -1 && bn.axis !== input.v.rank - 1) throw unsupported(layer, `normalizes axis ${bn.axis}, not the channel axis`);
  const factor = tf.rsqrt(bn.movingVariance.add(bn.epsilon)).mul(bn.gamma ?? 1);
  const { v, logScale } = biasReady(input, options);
  let out = v.mul(tf.abs(factor).pow(p));
  if (options.biases === "include") {
    const shift = (bn.beta ?? tf.zerosLike(factor)).sub(bn.movingMean.mul(factor));
    out = out.add(tf.abs(shift).pow(p).mul(Math.exp(-logScale)));
  }
  return rescaled(out, logScale);
}

/**
 * A bias b enters as b·e^{−logScale} on the rescaled signal. With logScale < 0 that factor could
 * overflow, so the signal is brought back to scale 1 first (its small values may underflow to 0,
 * which is then their true weight against the bias).
 */
function biasReady(input: Signal, options: PinnedPathNormOptions): Signal {
  if (options.biases === "exclude" || input.logScale >= 0) return input;
  return { v: input.v.mul(Math.exp(input.logScale)), logScale: 0 };
}

function pool(v: tf.Tensor, config: Config, kind: "max" | "avg"): tf.Tensor {
  const args = [v as tf.Tensor4D, pair(config.poolSize), pair(config.strides ?? config.poolSize), config.padding as "same" | "valid"] as const;
  return kind === "max" ? tf.maxPool(...args) : tf.avgPool(...args);
}

/** Every path through a max-pool's window: the average times the window's area (valid padding only). */
function sumPool(layer: Layer, v: tf.Tensor, config: Config): tf.Tensor {
  if (config.padding !== "valid") throw unsupported(layer, `pads ${JSON.stringify(config.padding)}, where maxPool "sum" is not defined`);
  const [h, w] = pair(config.poolSize);
  return pool(v, config, "avg").mul(h * w);
}

/** Divides by the maximum and books its log, so the next layer starts from values ≤ 1. */
export function rescaled(v: tf.Tensor, logScale: number): Signal {
  const max = v.max().dataSync()[0]!;
  if (!Number.isFinite(max)) throw new Error(`The path-norm signal became ${max} within one layer; a weight is NaN or infinite.`);
  // An all-zero signal (zero weights) stays zero: its path norm is 0.
  if (max === 0) return { v, logScale };
  return { v: v.div(max), logScale: logScale + Math.log(max) };
}

/** The inputs of an add or concatenation on a common scale, the largest, so nothing overflows. */
function aligned(inputs: Signal[]): tf.Tensor[] {
  const top = maxLog(inputs);
  return inputs.map(({ v, logScale }) => (logScale === top ? v : v.mul(Math.exp(logScale - top))));
}

const maxLog = (inputs: Signal[]): number => Math.max(...inputs.map((s) => s.logScale));

function pair(value: unknown): [number, number] {
  if (typeof value === "number") return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === "number")) return value as [number, number];
  return [1, 1];
}

const numberOr = (value: unknown, fallback: number): number => (typeof value === "number" ? value : fallback);

function missing(layer: Layer, role: string): never {
  throw unsupported(layer, `has no ${role} weight`);
}

function unsupported(layer: Layer, why: string): Error {
  return new Error(`Path norms: layer "${layer.name}" (${layer.getClassName()}) ${why}; minima pins path norms for its own models' layers only.`);
}
