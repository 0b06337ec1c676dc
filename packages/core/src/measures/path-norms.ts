import * as tf from "@tensorflow/tfjs";
import { isInput } from "../models/layer-kinds.ts";
import { applyLayer, type Signal } from "./path-norm-layers.ts";
import { checkP, pathNormFromLog, pinned, type PathNorm, type PathNormOptions } from "./path-norm-options.ts";

/**
 * The ℓp-path norm of a layers model (reference-spec §5): (Σ outputs of f_{|W|^p}(1))^{1/p}, an
 * all-ones input pushed through the net with every weight replaced by |w|^p. ReLU is the identity
 * on that nonnegative signal, batch norm is its eval-mode per-channel scale, and biases are zeroed
 * unless `options` say otherwise (see PathNormOptions for every pinned choice).
 *
 * The pass reads the model's weights and writes none: each layer is computed from its config and
 * transformed copies of its weights, and every tensor is released before this returns.
 */
export function pathNorm(model: tf.LayersModel, p: number, options: PathNormOptions = {}): PathNorm {
  checkP(p);
  const pinnedOptions = pinned(options);
  const lnSum = tf.tidy(() => {
    const signals = new Map<number, Signal>();
    for (const input of model.inputs) signals.set(input.id, { v: tf.ones([1, ...input.shape.slice(1).map((d) => d ?? 1)]), logScale: 0 });
    // model.layers is in topological order, so every node's inputs are computed before it.
    for (const layer of model.layers) {
      if (isInput(layer)) continue;
      for (const node of layer.inboundNodes) {
        const inputs = node.inputTensors.map((t) => signals.get(t.id));
        // A node whose inputs this model never computes belongs to another model sharing the layer.
        if (inputs.some((s) => s === undefined)) continue;
        const [output, ...more] = node.outputTensors;
        if (!output || more.length > 0) throw new Error(`Path norms: layer "${layer.name}" has ${node.outputTensors.length} outputs; minima's layers have one.`);
        // The inner tidy frees the layer's transformed weights; the returned signal moves to the outer one.
        signals.set(output.id, tf.tidy(() => applyLayer(layer, inputs as Signal[], p, pinnedOptions)));
      }
    }
    return lnSumOfOutputs(model.outputs.map((o) => signals.get(o.id) ?? unreached(o.name)));
  });
  return pathNormFromLog(p, lnSum);
}

/** The paper's two path norms (Figure 5): ℓ1 and ℓ2. */
export function pathNorms(model: tf.LayersModel, options: PathNormOptions = {}): { l1: PathNorm; l2: PathNorm } {
  return { l1: pathNorm(model, 1, options), l2: pathNorm(model, 2, options) };
}

/** ln Σ of every output value, in float64 from the rescaled float32 sums. */
function lnSumOfOutputs(outputs: Signal[]): number {
  const terms = outputs.map(({ v, logScale }) => Math.log(v.sum().dataSync()[0]!) + logScale);
  const top = Math.max(...terms);
  if (top === -Infinity) return -Infinity;
  return top + Math.log(terms.reduce((s, t) => s + Math.exp(t - top), 0));
}

function unreached(name: string): never {
  throw new Error(`Path norms: the model's output "${name}" is not reached from its inputs.`);
}
