import { MetricsError } from "./metrics-error.ts";

/**
 * A model's tensors by their stable name, exactly as the training core stores them: tfjs layer
 * weights are named `layer1.0.conv1/kernel`, `layer1.0.bn1/gamma`, `fc1/bias`, ….
 */
export type NamedWeights = Record<string, { shape: number[]; values: Float32Array }>;

/**
 * Which tensors a distance or norm counts (the paper does not say; reference-spec §5).
 * - "trainable" (default): everything but batch-norm running statistics.
 * - "weights-only": conv/dense kernels only: no biases, no batch-norm γ/β, no running statistics.
 * - "all": every stored tensor, running statistics included.
 */
export type TensorSelection = "trainable" | "weights-only" | "all";

// The last name segment, after `/` (tfjs) or `.` (a PyTorch state_dict key). tfjs may append
// `_1`, `_2` to a variable name when a model is built twice in one process.
const RUNNING_STATISTIC = /(?:^|[/.])(?:moving_mean|moving_variance|running_mean|running_var|num_batches_tracked)(?:_\d+)?$/;
// PyTorch names batch-norm γ `bn.weight`, indistinguishable from a conv weight by name alone,
// so "weights-only" is exact for tfjs names only.
const BIAS_OR_AFFINE = /(?:^|[/.])(?:bias|beta|gamma)(?:_\d+)?$/;

export function isSelected(name: string, selection: TensorSelection): boolean {
  if (selection === "all") return true;
  if (RUNNING_STATISTIC.test(name)) return false;
  return selection === "trainable" || !BIAS_OR_AFFINE.test(name);
}

/** The names a distance or norm over `selection` counts, sorted, so a UI can show them. */
export function selectedTensorNames(weights: NamedWeights, selection: TensorSelection = "trainable"): string[] {
  return Object.keys(weights)
    .filter((name) => isSelected(name, selection))
    .sort();
}

/** Throws unless the tensor's value count matches its shape. */
export function checkLength(name: string, tensor: NamedWeights[string], which: string): void {
  const expected = tensor.shape.reduce((n, d) => n * d, 1);
  if (tensor.values.length !== expected) {
    throw new MetricsError(
      `Tensor "${name}" of ${which} has ${tensor.values.length} values but shape [${tensor.shape.join(", ")}] needs ${expected}; the weight set is corrupt.`,
    );
  }
}

/**
 * Names the first NaN or ±Inf in a tensor. Called only once a sum has gone non-finite, so the
 * hot loops carry no per-value check (a finite float32 squared cannot overflow a float64 sum).
 */
export function nonFiniteError(name: string, values: Float32Array, which: string): MetricsError {
  const index = values.findIndex((v) => !Number.isFinite(v));
  return new MetricsError(
    `Tensor "${name}" of ${which} holds ${values[index]} at index ${index}; the run diverged or the checkpoint is corrupt, so no distance or norm is defined.`,
  );
}
