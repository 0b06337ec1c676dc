import * as tf from "@tensorflow/tfjs";
import type { NamedWeights } from "../checkpoint/weights-file.ts";
import { withEagerGradientDisposal } from "../engine/eager-gradients.ts";
import { fusedKernelsActive } from "../engine/fused/fusion.ts";
import { NativeSgd } from "./native-sgd.ts";
import { PortableSgd } from "./portable-sgd.ts";
import { SgdScalars, type SgdUpdate } from "./sgd-update.ts";

export interface SgdOptions {
  lr: number;
  /** 0 for vanilla SGD; the paper uses 0.9. */
  momentum: number;
  /** ℓ2 penalty added to the gradient of every parameter (biases and BN included, as in the paper). */
  weightDecay: number;
  /** PyTorch's nesterov=True; the paper never uses it. */
  nesterov?: boolean | undefined;
}

/**
 * SGD with PyTorch's semantics (reference-spec §4), which the paper's numbers depend on:
 *   g ← ∇L + wd·w;  buf ← μ·buf + g (buf = g on the first step);  w ← w − lr·buf
 * (w ← w − lr·(g + μ·buf) with Nesterov). No dampening. Parameters and momentum buffers are
 * updated in place: by TensorFlow's fused training kernels on the native backend (native-sgd.ts),
 * by tfjs ops elsewhere or with fusion off (portable-sgd.ts).
 */
export class Sgd {
  readonly momentum: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  private lrValue: number;
  private readonly scalars: SgdScalars;
  private readonly rule: SgdUpdate;

  constructor(options: SgdOptions) {
    this.lrValue = options.lr;
    this.momentum = options.momentum;
    this.weightDecay = options.weightDecay;
    this.nesterov = options.nesterov ?? false;
    if (this.nesterov && this.momentum === 0) throw new Error("Nesterov momentum needs a momentum above 0 (PyTorch's rule too); set momentum or turn nesterov off.");
    this.scalars = new SgdScalars(options.lr, options.momentum, options.weightDecay);
    this.rule = fusedKernelsActive() ? new NativeSgd(this.scalars, this.nesterov, this.momentum, this.weightDecay) : new PortableSgd(this.scalars, this.nesterov);
  }

  get lr(): number {
    return this.lrValue;
  }

  set lr(value: number) {
    this.lrValue = value;
    this.scalars.setLr(value);
  }

  /**
   * One optimizer step on `loss`: its gradients with respect to `params` (keyed by our names,
   * not tfjs's variable names), then the update. Returns the loss; call it inside tf.tidy.
   */
  minimize(params: ReadonlyMap<string, tf.Variable>, loss: () => tf.Scalar): tf.Scalar {
    // The loss is a scalar that only this step differentiates, so the backward pass may free
    // its tensors as it goes (engine/eager-gradients.ts).
    const { value, grads } = withEagerGradientDisposal(() => tf.variableGrads(loss, [...params.values()]));
    for (const [key, v] of params) {
      const grad = grads[v.name];
      if (!grad) continue;
      this.rule.update(key, v, grad);
      // Ours alone: freed now rather than when the caller's tidy ends.
      grad.dispose();
    }
    return value;
  }

  step(params: ReadonlyMap<string, tf.Variable>, grads: Record<string, tf.Tensor>): void {
    for (const [name, param] of params) {
      const grad = grads[name];
      if (grad) this.rule.update(name, param, grad);
    }
  }

  /** The momentum buffers, for a checkpoint. */
  slots(): NamedWeights {
    return this.rule.slots();
  }

  /** Restores buffers saved by slots(), so a resumed run continues with the same momentum. */
  restoreSlots(slots: NamedWeights): void {
    this.rule.restoreSlots(slots);
  }

  /** Frees the momentum buffers and the hyperparameter tensors: the optimizer's end. */
  dispose(): void {
    this.rule.dispose();
    this.scalars.dispose();
  }
}
