/**
 * tfjs keeps every tensor of a backward pass until the pass ends (the tape's saved inputs and
 * each layer's output gradient), where PyTorch frees each as soon as its node has run: most of
 * the 4× memory. Inside this scope the fused gradients free what only they can still need: the
 * tensors the tape saved for their node (clones no other node reads) and the gradient flowing
 * into them. That gradient is safe to free only when no caller holds it, which is true of a
 * training step (its seed is the engine's ones for the scalar loss), so Sgd.minimize opens the scope.
 */
let depth = 0;

export function withEagerGradientDisposal<T>(f: () => T): T {
  depth++;
  try {
    return f();
  } finally {
    depth--;
  }
}

export function eagerGradientDisposal(): boolean {
  return depth > 0;
}
