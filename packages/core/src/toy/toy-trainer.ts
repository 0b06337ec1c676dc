import * as tf from "@tensorflow/tfjs";
import type { NamedWeights } from "../checkpoint/weights-file.ts";
import { fusionEnabled } from "../engine/fused/index.ts";
import { Sgd, type SgdOptions } from "../optim/sgd.ts";
import { ToyMlpJs } from "./toy-mlp-js.ts";
import { bceWithLogits, ToyMlp } from "./toy-mlp.ts";

/**
 * How the toy takes a step. "js": ToyMlpJs, hand-written WebAssembly SIMD kernels driven from JS
 * (the name predates the kernels and is kept: runs store it and the UI shows it); "tfjs": ToyMlp
 * + Sgd on the active backend. Measured by `pnpm bench:engine toy` (batch 10, 2 vCPUs): the "js"
 * step ≈0.03–0.05 ms with the machine at load ≈4 (the plain-JS loops it replaced: ≈0.6–0.8 ms),
 * PyTorch ≈0.3–0.5 ms and tfjs ≈0.8 ms on wasm and ≈3 ms on the native backend when quiet, so
 * "js" is the default on every backend; with fusion off (MINIMA_FUSED=0) the tfjs path runs.
 */
export type ToyStep = "js" | "tfjs";

export function chooseToyStep(): ToyStep {
  return fusionEnabled() ? "js" : "tfjs";
}

/** One toy network with its optimizer, whichever way it steps. */
export interface ToyTrainer {
  readonly step: ToyStep;
  lr: number;
  /** One SGD step on the `n` points `x` (x0, y0, x1, y1, …) with labels `y`. */
  trainStep(x: Float32Array, y: Float32Array, n: number, reduction: "mean" | "sum"): void;
  /** Pre-sigmoid outputs of `n` points. */
  logits(x: Float32Array, n: number): ArrayLike<number>;
  weights(): NamedWeights;
  /** SGD's momentum buffers by weight name, for a checkpoint; {} without momentum or before the first step. */
  velocity(): NamedWeights;
  /** Restores velocity(): the next step is the one an uninterrupted run would have taken. */
  restoreVelocity(velocity: NamedWeights): void;
  dispose(): void;
}

export function makeToyTrainer(step: ToyStep, weights: NamedWeights, sgd: SgdOptions): ToyTrainer {
  return step === "js" ? new JsTrainer(weights, sgd) : new TfjsTrainer(weights, sgd);
}

class JsTrainer implements ToyTrainer {
  readonly step = "js";
  lr: number;
  private readonly model: ToyMlpJs;

  constructor(
    weights: NamedWeights,
    private readonly sgd: SgdOptions,
  ) {
    this.model = new ToyMlpJs(weights);
    this.lr = sgd.lr;
  }

  trainStep(x: Float32Array, y: Float32Array, n: number, reduction: "mean" | "sum"): void {
    this.model.trainStep(x, y, n, reduction, { ...this.sgd, lr: this.lr });
  }

  logits(x: Float32Array, n: number): ArrayLike<number> {
    return this.model.logits(x, n);
  }

  weights(): NamedWeights {
    return this.model.weights();
  }

  velocity(): NamedWeights {
    return this.sgd.momentum === 0 ? {} : this.model.momentumBuffers();
  }

  restoreVelocity(velocity: NamedWeights): void {
    this.model.restoreMomentumBuffers(velocity);
  }

  dispose(): void {}
}

class TfjsTrainer implements ToyTrainer {
  readonly step = "tfjs";
  private readonly model: ToyMlp;
  private readonly sgd: Sgd;

  constructor(weights: NamedWeights, sgd: SgdOptions) {
    this.model = new ToyMlp(weights);
    this.sgd = new Sgd(sgd);
  }

  get lr(): number {
    return this.sgd.lr;
  }

  set lr(value: number) {
    this.sgd.lr = value;
  }

  trainStep(x: Float32Array, y: Float32Array, n: number, reduction: "mean" | "sum"): void {
    tf.tidy(() => {
      const xb = tf.tensor2d(x.subarray(0, 2 * n), [n, 2]);
      const yb = tf.tensor1d(y.subarray(0, n));
      this.sgd.minimize(this.model.params, () => bceWithLogits(this.model.logits(xb), yb, reduction));
    });
  }

  logits(x: Float32Array, n: number): ArrayLike<number> {
    return tf.tidy(() => this.model.logits(tf.tensor2d(x.subarray(0, 2 * n), [n, 2])).dataSync());
  }

  weights(): NamedWeights {
    return this.model.weights();
  }

  velocity(): NamedWeights {
    return this.sgd.slots();
  }

  restoreVelocity(velocity: NamedWeights): void {
    this.sgd.restoreSlots(velocity);
  }

  dispose(): void {
    this.sgd.dispose();
    this.model.dispose();
  }
}
