import * as tf from "@tensorflow/tfjs";
import type { NamedWeights } from "../checkpoint/weights-file.ts";
import { Rng } from "../rng.ts";

/** Figure 1's network: Linear(2,100)-ReLU-Linear(100,100)-ReLU-Linear(100,1), sigmoid output. */
export const TOY_LAYERS = [
  { name: "fc1", fanIn: 2, fanOut: 100 },
  { name: "fc2", fanIn: 100, fanOut: 100 },
  { name: "fc3", fanIn: 100, fanOut: 1 },
] as const;

export type { NamedWeights } from "../checkpoint/weights-file.ts";

/**
 * PyTorch's default Linear init (0.4.1, which the toy used): weight and bias ~ U(±1/√fan_in).
 * Drawn from our seeded generator, so a seed fixes the init on every backend.
 */
export function toyInit(seed: number): NamedWeights {
  const rng = new Rng(seed);
  const weights: NamedWeights = {};
  for (const { name, fanIn, fanOut } of TOY_LAYERS) {
    const bound = 1 / Math.sqrt(fanIn);
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = rng.uniform(-bound, bound);
    const bias = new Float32Array(fanOut);
    for (let i = 0; i < fanOut; i++) bias[i] = rng.uniform(-bound, bound);
    weights[`${name}/kernel`] = { shape: [fanIn, fanOut], values: kernel };
    weights[`${name}/bias`] = { shape: [fanOut], values: bias };
  }
  return weights;
}

export class ToyMlp {
  readonly params: Map<string, tf.Variable>;

  constructor(weights: NamedWeights) {
    this.params = new Map();
    for (const { name } of TOY_LAYERS) {
      for (const part of ["kernel", "bias"]) {
        const key = `${name}/${part}`;
        const w = weights[key];
        if (!w) throw new Error(`Toy MLP weights lack "${key}"; expected ${TOY_LAYERS.map((l) => l.name).join(", ")}.`);
        // Inside tidy, so the tensor the variable is made from is released.
        this.params.set(key, tf.tidy(() => tf.variable(tf.tensor(w.values, w.shape))));
      }
    }
  }

  /** Pre-sigmoid outputs, shape [n]. */
  logits(x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      TOY_LAYERS.forEach(({ name }, i) => {
        h = tf.add(tf.matMul(h, this.params.get(`${name}/kernel`)!), this.params.get(`${name}/bias`)!);
        if (i < TOY_LAYERS.length - 1) h = tf.relu(h);
      });
      return h.reshape<tf.Tensor1D>([-1]);
    });
  }

  weights(): NamedWeights {
    const out: NamedWeights = {};
    for (const [key, v] of this.params) out[key] = { shape: [...v.shape], values: v.dataSync() as Float32Array };
    return out;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}

/**
 * Binary cross-entropy on logits, stable for large |z|: max(z,0) − z·y + log(1 + e^−|z|).
 * "sum" is what the toy's runs (b)–(d) minimise, "mean" what (a) does (reference-spec §Toy).
 */
export function bceWithLogits(logits: tf.Tensor1D, labels: tf.Tensor1D, reduction: "mean" | "sum"): tf.Scalar {
  return tf.tidy(() => {
    const perPoint = tf.relu(logits).sub(logits.mul(labels)).add(tf.log1p(tf.exp(tf.abs(logits).neg())));
    return reduction === "sum" ? perPoint.sum() : perPoint.mean();
  });
}
