import * as tf from "@tensorflow/tfjs";
import { FusedBatchNormalization, fuseDenseTraining } from "../engine/fused/index.ts";
import { Rng } from "../rng.ts";
import type { InitScheme } from "./model-config.ts";
import { ResidualAdd } from "./residual-add.ts";

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

export interface ConvOptions {
  kernel?: number;
  stride?: number;
  bias?: boolean;
}

/**
 * Makes named layers with PyTorch's conventions and applies them. Names follow the reference
 * code's module paths (`layer2.0.conv1`, `features.7`), so a PyTorch state_dict key maps to a layer.
 * One builder per model: it carries the width multiplier and the per-layer initializer seeds.
 */
export class LayerBuilder {
  private readonly seeds: Rng;

  constructor(
    private readonly init: InitScheme,
    seed: number,
    readonly width: number,
  ) {
    this.seeds = new Rng(seed);
  }

  /** The paper's channel count scaled by `width`, never below one. */
  channels(paperChannels: number): number {
    return Math.max(1, Math.round(paperChannels * this.width));
  }

  /**
   * Conv with PyTorch's padding (k−1)/2 on both sides. tfjs's "same" pads only bottom/right when a
   * strided conv needs one extra row, which shifts the sampling grid, so strided convs pad explicitly.
   */
  conv(x: tf.SymbolicTensor, name: string, filters: number, { kernel = 3, stride = 1, bias = false }: ConvOptions = {}): tf.SymbolicTensor {
    const pad = (kernel - 1) / 2;
    let input = x;
    if (stride > 1 && pad > 0) input = apply(tf.layers.zeroPadding2d({ padding: pad, name: `${name}.pad` }), x);
    const layer = tf.layers.conv2d({
      name,
      filters,
      kernelSize: kernel,
      strides: stride,
      padding: stride > 1 ? "valid" : "same",
      useBias: bias,
      kernelInitializer: this.kernelInitializer(),
      biasInitializer: "zeros",
    });
    return apply(layer, input);
  }

  /**
   * PyTorch's BatchNorm2d: its momentum 0.1 is tfjs's 0.9 (tfjs keeps 0.9 of the old average).
   * Fused kernels in training on the native backend; tfjs BatchNormalization's weight names.
   */
  batchNorm(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
    return apply(new FusedBatchNormalization({ name, momentum: 0.9, epsilon: 1e-5 }), x);
  }

  /** A residual connection: the sum of two tensors of one shape (residual-add.ts). */
  add(a: tf.SymbolicTensor, b: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
    return apply(new ResidualAdd({ name }), [a, b]);
  }

  relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
    return apply(tf.layers.reLU({ name }), x);
  }

  dense(x: tf.SymbolicTensor, name: string, units: number): tf.SymbolicTensor {
    // Native MatMul and BiasAdd in training (engine/fused/dense.ts).
    return apply(fuseDenseTraining(tf.layers.dense({ name, units, kernelInitializer: this.kernelInitializer(), biasInitializer: "zeros" })), x);
  }

  /**
   * "paper" overwrites every weight after the build, so zeros spare drawing them twice;
   * "framework" is tfjs's default (Glorot uniform), seeded so that the model seed fixes it too.
   */
  private kernelInitializer(): Initializer | "zeros" {
    return this.init === "paper" ? "zeros" : tf.initializers.glorotUniform({ seed: this.seeds.nextUint32() });
  }
}

/** Applies a layer to one symbolic tensor (tfjs types `apply` for every input/output arity). */
export function apply(layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}
