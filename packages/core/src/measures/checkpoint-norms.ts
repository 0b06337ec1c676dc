import { frobeniusNorm, type TensorSelection } from "@minima/metrics";
import type { PathNorm, PathNormOptions } from "./path-norm-options.ts";
import { pathNorms } from "./path-norms.ts";
import { loadCheckpointModel, readCheckpointWeights, type CheckpointWeights } from "./read-checkpoint.ts";
import { toyPathNorms } from "./toy-path-norms.ts";

export interface NormOptions extends PathNormOptions {
  /** Which tensors the Frobenius norm counts (default "trainable", as the distance). */
  tensors?: TensorSelection;
}

/** The paper's three norms of one checkpoint (Figure 5). */
export interface CheckpointNorms {
  kind: CheckpointWeights["kind"];
  /** ‖W‖_F over `tensors`. */
  frobenius: number;
  tensors: TensorSelection;
  l1Path: PathNorm;
  l2Path: PathNorm;
}

/**
 * Frobenius, ℓ1-path and ℓ2-path norms of a checkpoint folder of either kind: an image run's
 * layers model, or bare weights, which must then be Figure 1's toy MLP.
 */
export async function checkpointNorms(dir: string, options: NormOptions = {}): Promise<CheckpointNorms> {
  const { tensors = "trainable", ...pathOptions } = options;
  const { kind, weights } = readCheckpointWeights(dir);
  const frobenius = frobeniusNorm(weights, { tensors });
  if (kind === "weights") {
    const { l1, l2 } = toyPathNorms(weights, pathOptions);
    return { kind, frobenius, tensors, l1Path: l1, l2Path: l2 };
  }
  const model = await loadCheckpointModel(dir);
  try {
    const { l1, l2 } = pathNorms(model, pathOptions);
    return { kind, frobenius, tensors, l1Path: l1, l2Path: l2 };
  } finally {
    model.dispose();
  }
}
