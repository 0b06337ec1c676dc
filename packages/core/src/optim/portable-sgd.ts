import * as tf from "@tensorflow/tfjs";
import type { NamedWeights } from "../checkpoint/weights-file.ts";
import type { SgdScalars, SgdUpdate } from "./sgd-update.ts";

/**
 * The SGD step in tfjs ops, for every backend: up to six full-size ops per parameter. The native
 * backend runs native-sgd.ts instead, unless fusion is off (MINIMA_FUSED=0).
 */
export class PortableSgd implements SgdUpdate {
  private buffers = new Map<string, tf.Variable>();

  constructor(
    private readonly scalars: SgdScalars,
    private readonly nesterov: boolean,
  ) {}

  /** In its own tidy so that its temporaries never pile up across parameters. */
  update(name: string, param: tf.Variable, grad: tf.Tensor): void {
    const { lr, momentum, weightDecay } = this.scalars;
    tf.tidy(() => {
      const g = weightDecay ? grad.add(param.mul(weightDecay)) : grad;
      let direction = g;
      if (momentum) {
        let buffer = this.buffers.get(name);
        if (buffer) buffer.assign(buffer.mul(momentum).add(g));
        else this.buffers.set(name, (buffer = tf.keep(tf.variable(g, false, `${name}/momentum`))));
        direction = this.nesterov ? g.add(buffer.mul(momentum)) : buffer;
      }
      param.assign(param.sub(direction.mul(lr)));
    });
  }

  slots(): NamedWeights {
    const out: NamedWeights = {};
    for (const [name, buffer] of this.buffers) out[name] = { shape: [...buffer.shape], values: buffer.dataSync() as Float32Array };
    return out;
  }

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
