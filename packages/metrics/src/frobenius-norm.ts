import type { WeightOptions } from "./distance.ts";
import { MetricsError } from "./metrics-error.ts";
import { checkLength, isSelected, nonFiniteError, type NamedWeights } from "./named-weights.ts";

/**
 * ‖W‖_F over the selected tensors flattened together, the first of the paper's three norms
 * (Figure 5). The path norms need a forward pass through the network and live in the training core.
 */
export function frobeniusNorm(weights: NamedWeights, options: WeightOptions = {}): number {
  const selection = options.tensors ?? "trainable";
  const names = Object.keys(weights)
    .filter((name) => isSelected(name, selection))
    .sort();
  if (names.length === 0) throw new MetricsError(`No tensors are selected by "${selection}"; the weight set is empty or holds only excluded tensors.`);
  let squares = 0;
  for (const name of names) {
    const tensor = weights[name]!;
    checkLength(name, tensor, "W");
    const x = tensor.values;
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += x[i]! * x[i]!;
    if (!Number.isFinite(sum)) throw nonFiniteError(name, x, "W");
    squares += sum;
  }
  return Math.sqrt(squares);
}
