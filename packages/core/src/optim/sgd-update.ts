import * as tf from "@tensorflow/tfjs";
import type { NamedWeights } from "../checkpoint/weights-file.ts";

/**
 * The hyperparameters as scalar tensors, made once and kept: a number passed to a tfjs op becomes
 * a fresh tensor on every call (three per parameter per step). The learning rate's is remade
 * only when it changes (the schedule, the toy's plateau rule).
 */
export class SgdScalars {
  private lrValue: number;
  private lrTensor: tf.Scalar;
  /** Null where the term is off (0). */
  readonly momentum: tf.Scalar | null;
  readonly weightDecay: tf.Scalar | null;

  constructor(lr: number, momentum: number, weightDecay: number) {
    this.lrValue = lr;
    this.lrTensor = tf.keep(tf.scalar(lr));
    this.momentum = momentum !== 0 ? tf.keep(tf.scalar(momentum)) : null;
    this.weightDecay = weightDecay !== 0 ? tf.keep(tf.scalar(weightDecay)) : null;
  }

  get lr(): tf.Scalar {
    return this.lrTensor;
  }

  setLr(lr: number): void {
    if (lr === this.lrValue) return;
    this.lrTensor.dispose();
    this.lrValue = lr;
    this.lrTensor = tf.keep(tf.scalar(lr));
  }

  dispose(): void {
    tf.dispose([this.lrTensor, this.momentum ?? [], this.weightDecay ?? []]);
  }
}

/** How one engine applies the SGD step to a parameter and keeps its momentum buffers (sgd.ts). */
export interface SgdUpdate {
  /** Updates `param` (and its momentum buffer) in place; `grad` stays the caller's. */
  update(name: string, param: tf.Variable, grad: tf.Tensor): void;
  slots(): NamedWeights;
  restoreSlots(slots: NamedWeights): void;
  dispose(): void;
}
