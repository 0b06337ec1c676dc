import type { NamedWeights } from "../checkpoint/weights-file.ts";
import { TOY_LAYERS } from "../toy/toy-mlp.ts";
import { checkP, pathNormFromLog, pinned, type PathNorm, type PathNormOptions } from "./path-norm-options.ts";

/**
 * The ℓp-path norm of Figure 1's hand-written MLP (`toy-mlp.ts`), same definition and options as
 * `pathNorm` of a layers model (no batch norm or pooling here). Three small matrices, so plain
 * float64 loops over the stored values: no tensors, and no overflow at this depth.
 */
export function toyPathNorm(weights: NamedWeights, p: number, options: PathNormOptions = {}): PathNorm {
  checkP(p);
  const { biases } = pinned(options);
  let signal: number[] = [];
  for (const { name } of TOY_LAYERS) {
    const kernel = weights[`${name}/kernel`];
    if (!kernel || kernel.shape.length !== 2) {
      throw new Error(`Toy path norm: no 2-D "${name}/kernel"; the weights are not Figure 1's MLP (${TOY_LAYERS.map((l) => l.name).join(", ")}).`);
    }
    const [fanIn, fanOut] = kernel.shape as [number, number];
    if (signal.length === 0) signal = new Array<number>(fanIn).fill(1);
    if (signal.length !== fanIn) throw new Error(`Toy path norm: "${name}/kernel" takes ${fanIn} inputs but the previous layer gives ${signal.length}.`);
    const bias = biases === "include" ? weights[`${name}/bias`] : undefined;
    const next = new Array<number>(fanOut).fill(0);
    for (let j = 0; j < fanOut; j++) {
      let sum = bias ? Math.abs(bias.values[j]!) ** p : 0;
      for (let i = 0; i < fanIn; i++) sum += signal[i]! * Math.abs(kernel.values[i * fanOut + j]!) ** p;
      next[j] = sum;
    }
    // ReLU is the identity on this nonnegative signal.
    signal = next;
  }
  return pathNormFromLog(p, Math.log(signal.reduce((s, x) => s + x, 0)));
}

export function toyPathNorms(weights: NamedWeights, options: PathNormOptions = {}): { l1: PathNorm; l2: PathNorm } {
  return { l1: toyPathNorm(weights, 1, options), l2: toyPathNorm(weights, 2, options) };
}
