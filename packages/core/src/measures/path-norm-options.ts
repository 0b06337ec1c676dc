/**
 * How the ℓp-path norm treats what reference-spec §5 leaves open ("must be pinned"). The defaults
 * are minima's pinned definition; the alternatives are what a reader of another paper may expect.
 */
export interface PathNormOptions {
  /**
   * "exclude" (default): biases and batch-norm shifts are zeroed, so only input-to-output paths
   * count and the net is positively homogeneous. "include": a bias is an edge from a constant-1
   * unit (Neyshabur et al. 2015), so |b|^p enters the sum as well.
   */
  biases?: "exclude" | "include";
  /**
   * "scale" (default): batch norm in eval mode is the per-channel linear map x·γ/√(var+ε) + shift;
   * its weight |γ/√(var+ε)|^p counts like a diagonal layer. Folding the BN into the adjacent conv
   * gives the same number (|w·s|^p = |w|^p·|s|^p). "identity": batch norms are skipped.
   */
  batchNorm?: "scale" | "identity";
  /**
   * "max" (default): a max-pool keeps the largest path sum in its window, as the layer does on the
   * nonnegative signal; it is not a sum over every path. "sum": every path through the window counts
   * (a sum-pool), an upper bound on "max".
   */
  maxPool?: "max" | "sum";
}

export type PinnedPathNormOptions = Required<PathNormOptions>;

export function pinned(options: PathNormOptions): PinnedPathNormOptions {
  return { biases: options.biases ?? "exclude", batchNorm: options.batchNorm ?? "scale", maxPool: options.maxPool ?? "max" };
}

/** One ℓp-path norm. Deep nets exceed float64 (ResNet50 at init: ~1e60 and more), hence the log. */
export interface PathNorm {
  p: number;
  /** (Σ outputs of f_{|W|^p}(1))^{1/p}; Infinity when it exceeds float64. */
  value: number;
  /** log10 of `value`, finite even when `value` is not. */
  log10: number;
}

export function pathNormFromLog(p: number, lnSum: number): PathNorm {
  const ln = lnSum / p;
  return { p, value: Math.exp(ln), log10: ln / Math.LN10 };
}

export function checkP(p: number): void {
  if (!(Number.isFinite(p) && p > 0)) throw new RangeError(`The path norm's p must be a positive number (1 or 2 in the paper); got ${p}.`);
}
