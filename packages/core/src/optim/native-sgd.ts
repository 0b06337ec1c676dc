import * as tf from "@tensorflow/tfjs";
import type { NamedWeights } from "../checkpoint/weights-file.ts";
import { NativeOps, type OpAttr } from "../engine/fused/native-op.ts";
import { NativeVariable } from "../engine/fused/native-variable.ts";
import type { SgdScalars, SgdUpdate } from "./sgd-update.ts";

/**
 * Below this momentum, weight decay is added to the gradient rather than folded into the buffer
 * (wd/μ would grow without bound); the paper's runs use 0 or 0.9.
 */
const MIN_FOLDED_MOMENTUM = 0.01;

interface Weight {
  variable: NativeVariable;
  /** The tfjs data the variable was last given or gave: when the parameter holds other data, it was set from outside. */
  dataId: unknown;
}

/**
 * The SGD step as TensorFlow's own training kernels on the native backend: one
 * ResourceApplyMomentum per parameter (ResourceApplyGradientDescent without momentum) updates
 * the weight and its buffer in one pass, where tfjs ops take six full-size passes, each with a new
 * tensor. Its formula is PyTorch's: accum ← μ·accum + g; w ← w − lr·accum, the buffer starting
 * at zero so that it equals g after the first step; with Nesterov, w ← w − lr·(g + μ·accum).
 * Weight decay with momentum is one more in-place op: buf ← buf + (wd/μ)·w before the update
 * gives μ·buf + g + wd·w, PyTorch's buffer to float rounding (≈1e-7 relative) without the two
 * full-size tensors of g + wd·w; without momentum or with Nesterov (whose step reads the decayed
 * gradient itself) it is g ← ∇L + wd·w, in PyTorch's order. The weight lives in a resource
 * variable that shares its buffer with the tfjs parameter, which is given the new value after each
 * update (one read, no copy).
 */
export class NativeSgd implements SgdUpdate {
  private readonly ops = new NativeOps();
  private readonly weights = new Map<string, Weight>();
  private readonly buffers = new Map<string, NativeVariable>();

  /**
   * −wd/μ, where weight decay goes into the momentum buffer before the update (the class comment):
   * null without decay, momentum or with Nesterov.
   */
  private readonly decayIntoBuffer: tf.Scalar | null;

  constructor(
    private readonly scalars: SgdScalars,
    private readonly nesterov: boolean,
    momentum: number,
    weightDecay: number,
  ) {
    this.decayIntoBuffer = weightDecay !== 0 && momentum >= MIN_FOLDED_MOMENTUM && !nesterov ? tf.keep(tf.scalar(-weightDecay / momentum)) : null;
  }

  update(name: string, param: tf.Variable, grad: tf.Tensor): void {
    const { ops } = this;
    const { lr, momentum } = this.scalars;
    const weight = this.weight(name, param);
    const T = ops.float32Type("T");
    const unlocked: OpAttr = ops.bool("use_locking", false);
    const buffer = momentum ? this.buffer(name, param) : null;
    let g = grad;
    if (buffer && this.decayIntoBuffer) {
      // buf ← buf + (wd/μ)·w in place, so that the momentum update's μ·buf + g is μ·buf + g + wd·w.
      ops.runOnHandles("ResourceApplyGradientDescent", [T, unlocked], [buffer.ref, this.decayIntoBuffer, param], 0);
    } else {
      g = this.decayed(param, grad);
    }
    // While the parameter holds the weight's buffer TensorFlow would copy it before updating it in
    // place; it holds the gradient (same shape) instead until the new value is read back.
    param.assign(g);
    try {
      if (buffer) {
        ops.runOnHandles("ResourceApplyMomentum", [T, unlocked, ops.bool("use_nesterov", this.nesterov)], [weight.variable.ref, buffer.ref, lr, g, momentum!], 0);
      } else {
        ops.runOnHandles("ResourceApplyGradientDescent", [T, unlocked], [weight.variable.ref, lr, g], 0);
      }
    } finally {
      const value = weight.variable.read();
      param.assign(value);
      value.dispose();
      weight.dataId = param.dataId;
      if (g !== grad) g.dispose();
    }
  }

  /** ∇L + wd·w (PyTorch's grad.add(param, alpha=wd)), or the gradient itself without decay. */
  private decayed(param: tf.Tensor, grad: tf.Tensor): tf.Tensor {
    const { weightDecay } = this.scalars;
    if (!weightDecay) return grad;
    const T = this.ops.float32Type("T");
    const decay = this.ops.run("Mul", [T], [param, weightDecay]);
    const g = this.ops.run("AddV2", [T], [grad, decay]);
    decay.dispose();
    return g;
  }

  private weight(name: string, param: tf.Variable): Weight {
    let weight = this.weights.get(name);
    if (!weight) this.weights.set(name, (weight = { variable: new NativeVariable(this.ops, [...param.shape]), dataId: null }));
    if (weight.dataId !== param.dataId) {
      weight.variable.assign(param);
      weight.dataId = param.dataId;
    }
    return weight;
  }

  private buffer(name: string, param: tf.Tensor): NativeVariable {
    let buffer = this.buffers.get(name);
    if (!buffer) {
      buffer = new NativeVariable(this.ops, [...param.shape]);
      const zeros = tf.zerosLike(param);
      buffer.assign(zeros);
      zeros.dispose();
      this.buffers.set(name, buffer);
    }
    return buffer;
  }

  slots(): NamedWeights {
    const out: NamedWeights = {};
    for (const [name, buffer] of this.buffers) {
      const value = buffer.read();
      out[name] = { shape: [...value.shape], values: value.dataSync() as Float32Array };
      value.dispose();
    }
    return out;
  }

  restoreSlots(slots: NamedWeights): void {
    this.disposeBuffers();
    for (const [name, slot] of Object.entries(slots)) {
      const buffer = new NativeVariable(this.ops, slot.shape);
      const value = tf.tensor(slot.values, slot.shape);
      buffer.assign(value);
      value.dispose();
      this.buffers.set(name, buffer);
    }
  }

  dispose(): void {
    this.decayIntoBuffer?.dispose();
    this.disposeBuffers();
    for (const weight of this.weights.values()) weight.variable.dispose();
    this.weights.clear();
  }

  private disposeBuffers(): void {
    for (const buffer of this.buffers.values()) buffer.dispose();
    this.buffers.clear();
  }
}
