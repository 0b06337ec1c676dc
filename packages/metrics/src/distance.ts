import { MetricsError } from "./metrics-error.ts";
import { checkLength, isSelected, nonFiniteError, type NamedWeights, type TensorSelection } from "./named-weights.ts";

export interface WeightOptions {
  /** Which tensors count; "trainable" (no batch-norm running statistics) by default. */
  tensors?: TensorSelection;
}

/**
 * The paper's d(W1, W2) = ‖W1 − W2‖_F / ‖W2‖_F over the selected tensors flattened together.
 * The denominator is the SECOND argument: in every Table 1 column that is the later model, which
 * is why SOTA columns exceed 1 (weight decay shrinks ‖W_S‖). One pass over the Float32Arrays,
 * both sums in float64, no copies: a ResNet50 (23.5M parameters) needs no extra memory.
 */
export function distance(w1: NamedWeights, w2: NamedWeights, options: WeightOptions = {}): number {
  const selection = options.tensors ?? "trainable";
  const names = pairedNames(w1, w2, selection);
  let diffSquares = 0;
  let refSquares = 0;
  for (const name of names) {
    const a = w1[name]!;
    const b = w2[name]!;
    if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
      throw new MetricsError(
        `Tensor "${name}" has shape [${a.shape.join(", ")}] in W1 but [${b.shape.join(", ")}] in W2; both checkpoints must come from the same model.`,
      );
    }
    checkLength(name, a, "W1");
    checkLength(name, b, "W2");
    const x = a.values;
    const y = b.values;
    let diff = 0;
    let ref = 0;
    for (let i = 0; i < x.length; i++) {
      const yi = y[i]!;
      const d = x[i]! - yi;
      diff += d * d;
      ref += yi * yi;
    }
    if (!Number.isFinite(diff)) throw nonFiniteError(name, Number.isFinite(ref) ? x : y, Number.isFinite(ref) ? "W1" : "W2");
    diffSquares += diff;
    refSquares += ref;
  }
  if (refSquares === 0) {
    throw new MetricsError(
      `‖W2‖ is 0 over the ${selection} tensors (${names.length} tensors), so d(W1, W2) is undefined; W2 must be a trained or initialized model, not zeros.`,
    );
  }
  return Math.sqrt(diffSquares / refSquares);
}

/** The selected names, which both sets must hold; sorted so the sum's order never depends on insertion. */
function pairedNames(w1: NamedWeights, w2: NamedWeights, selection: TensorSelection): string[] {
  const names1 = Object.keys(w1).filter((name) => isSelected(name, selection));
  const onlyIn1 = names1.filter((name) => !Object.hasOwn(w2, name));
  const onlyIn2 = Object.keys(w2).filter((name) => isSelected(name, selection) && !Object.hasOwn(w1, name));
  if (onlyIn1.length > 0 || onlyIn2.length > 0) {
    const list = (names: string[]) => names.slice(0, 5).map((n) => `"${n}"`).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");
    const parts = [onlyIn1.length > 0 ? `only W1 has ${list(onlyIn1)}` : "", onlyIn2.length > 0 ? `only W2 has ${list(onlyIn2)}` : ""];
    throw new MetricsError(`The weight sets hold different tensors (${parts.filter(Boolean).join("; ")}); both must come from the same model.`);
  }
  if (names1.length === 0) throw new MetricsError(`No tensors are selected by "${selection}"; the weight sets are empty or hold only excluded tensors.`);
  return names1.sort();
}
