import * as tf from "@tensorflow/tfjs";
import type { NamedWeights } from "../checkpoint/weights-file.ts";
import { withEagerGradientDisposal } from "../engine/eager-gradients.ts";

export interface SgdOptions {
  lr: number;
  /** 0 for vanilla SGD; the paper uses 0.9. */
  momentum: number;
  /** ℓ2 penalty added to the gradient of every parameter (biases and BN included, as in the paper). */
  weightDecay: number;
}

/**
 * SGD with PyTorch's semantics (reference-spec §4), which the paper's numbers depend on:
 *   g ← ∇L + wd·w;  buf ← μ·buf + g (buf = g on the first step);  w ← w − lr·buf.
 * No dampening, no Nesterov. The momentum buffers are variables updated in place.
 */
export class Sgd {
  lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  private buffers = new Map<string, tf.Variable>();

  constructor(options: SgdOptions) {
    this.lr = options.lr;
    this.momentum = options.momentum;
    this.weightDecay = options.weightDecay;
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
      this.update(key, v, grad);
      // Ours alone: freed now rather than when the caller's tidy ends.
      grad.dispose();
    }
    return value;
  }

  step(params: ReadonlyMap<string, tf.Variable>, grads: Record<string, tf.Tensor>): void {
    for (const [name, param] of params) {
      const grad = grads[name];
      if (grad) this.update(name, param, grad);
    }
  }

  /** One parameter's update, in its own tidy so its temporaries never pile up across parameters. */
  private update(name: string, param: tf.Variable, grad: tf.Tensor): void {
    tf.tidy(() => {
      const g = this.weightDecay !== 0 ? grad.add(param.mul(this.weightDecay)) : grad;
      let direction = g;
      if (this.momentum !== 0) {
        const buffer = this.buffers.get(name);
        if (buffer) buffer.assign(buffer.mul(this.momentum).add(g));
        else this.buffers.set(name, tf.keep(tf.variable(g, false, `${name}/momentum`)));
        direction = this.buffers.get(name)!;
      }
      param.assign(param.sub(direction.mul(this.lr)));
    });
  }

  /** The momentum buffers, for a checkpoint. */
  slots(): NamedWeights {
    const out: NamedWeights = {};
    for (const [name, buffer] of this.buffers) out[name] = { shape: [...buffer.shape], values: buffer.dataSync() as Float32Array };
    return out;
  }

  /** Restores buffers saved by slots(), so a resumed run continues with the same momentum. */
  restoreSlots(slots: NamedWeights): void {
    this.dispose();
    for (const [name, slot] of Object.entries(slots)) {
      this.buffers.set(name, tf.tidy(() => tf.variable(tf.tensor(slot.values, slot.shape), false)));
    }
  }

  dispose(): void {
    for (const buffer of this.buffers.values()) buffer.dispose();
    this.buffers.clear();
  }
}
