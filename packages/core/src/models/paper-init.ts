import * as tf from "@tensorflow/tfjs";
import { Rng } from "../rng.ts";

/**
 * "pytorch-0.3.1": the defaults of the PyTorch the paper ran (reference-spec §3): conv and linear
 * weight and bias ~ U(±1/√fan_in), fan_in = kh·kw·in_channels; BN γ ~ U(0,1), β = 0.
 * "densenet": DenseNet3's own init: conv ~ N(0, √(2/(kh·kw·out_channels))), BN γ = 1, β = 0,
 * linear bias 0 (its linear weight keeps PyTorch's U(±1/√fan_in)).
 */
export type PaperInit = "pytorch-0.3.1" | "densenet";

type Fill = (shape: readonly number[]) => Float32Array;

/**
 * Overwrites every weight of `model` with values drawn from `seed`, layer by layer in
 * `model.layers` order and within a tensor in tfjs's layout order ([kh, kw, in, out] for a conv
 * kernel), so one seed gives bit-identical weights on every backend.
 */
export function applyPaperInit(model: tf.LayersModel, scheme: PaperInit, seed: number): void {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    const shapes = layer.weights.map((w) => w.shape as number[]);
    if (shapes.length === 0) continue;
    const fills = fillsFor(layer.getClassName(), layer.name, shapes, scheme, rng);
    const values = shapes.map((shape, i) => tf.tensor(fills[i]!(shape), shape, "float32"));
    layer.setWeights(values);
    tf.dispose(values);
  }
}

function fillsFor(className: string, layerName: string, shapes: number[][], scheme: PaperInit, rng: Rng): Fill[] {
  const kernel = shapes[0]!;
  const hasBias = shapes.length === 2;
  switch (className) {
    case "Conv2D": {
      const [kh, kw, inChannels, outChannels] = kernel as [number, number, number, number];
      const bound = 1 / Math.sqrt(kh * kw * inChannels);
      if (scheme === "densenet") {
        const std = Math.sqrt(2 / (kh * kw * outChannels));
        return hasBias ? [normal(rng, std), constant(0)] : [normal(rng, std)];
      }
      return hasBias ? [uniform(rng, -bound, bound), uniform(rng, -bound, bound)] : [uniform(rng, -bound, bound)];
    }
    case "Dense": {
      const bound = 1 / Math.sqrt(kernel[0]!);
      const bias = scheme === "densenet" ? constant(0) : uniform(rng, -bound, bound);
      return hasBias ? [uniform(rng, -bound, bound), bias] : [uniform(rng, -bound, bound)];
    }
    case "BatchNormalization":
    case "FusedBatchNormalization": {
      if (shapes.length !== 4) throw new Error(`BatchNorm layer "${layerName}" must have γ, β and moving statistics.`);
      const gamma = scheme === "densenet" ? constant(1) : uniform(rng, 0, 1);
      return [gamma, constant(0), constant(0), constant(1)];
    }
    default:
      throw new Error(`No paper init for layer "${layerName}" (${className}); add its rule to paper-init.ts.`);
  }
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function uniform(rng: Rng, low: number, high: number): Fill {
  return (shape) => {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = rng.uniform(low, high);
    return out;
  };
}

function normal(rng: Rng, std: number): Fill {
  return (shape) => {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = rng.normal(0, std);
    return out;
  };
}

function constant(value: number): Fill {
  return (shape) => new Float32Array(sizeOf(shape)).fill(value);
}
