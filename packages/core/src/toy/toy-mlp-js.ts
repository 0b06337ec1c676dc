import type { NamedWeights } from "../checkpoint/weights-file.ts";
import type { SgdOptions } from "../optim/sgd.ts";
import { TOY_LAYERS } from "./toy-mlp.ts";

interface Dense {
  name: string;
  fanIn: number;
  fanOut: number;
  /** [fanIn, fanOut] row-major, tfjs's Dense kernel layout. */
  kernel: Float32Array;
  bias: Float32Array;
  kernelGrad: Float64Array;
  biasGrad: Float64Array;
  kernelBuffer: Float32Array | null;
  biasBuffer: Float32Array | null;
}

/**
 * Figure 1's 2-100-100-1 network trained in plain JavaScript: forward, backward and PyTorch's SGD
 * on Float32Arrays, the same arithmetic as the tfjs path (ToyMlp + bceWithLogits + Sgd) with
 * float64 accumulation. At batch 10 a tfjs step is ≈3 ms of per-op overhead on the native
 * backend (≈40 small ops) for ≈0.3 MFLOP of work; this step needs no op dispatch at all.
 */
export class ToyMlpJs {
  private readonly layers: Dense[];
  /** Activations per layer (input first) and pre-activation gradients, sized for `capacity` rows. */
  private acts: Float64Array[] = [];
  private grads: Float64Array[] = [];
  private capacity = 0;
  private first = true;

  constructor(weights: NamedWeights) {
    this.layers = TOY_LAYERS.map(({ name, fanIn, fanOut }) => {
      const kernel = weights[`${name}/kernel`];
      const bias = weights[`${name}/bias`];
      if (!kernel || !bias) throw new Error(`Toy MLP weights lack "${name}"; expected ${TOY_LAYERS.map((l) => l.name).join(", ")}.`);
      return {
        name,
        fanIn,
        fanOut,
        kernel: Float32Array.from(kernel.values),
        bias: Float32Array.from(bias.values),
        kernelGrad: new Float64Array(fanIn * fanOut),
        biasGrad: new Float64Array(fanOut),
        kernelBuffer: null,
        biasBuffer: null,
      };
    });
  }

  /** Pre-sigmoid outputs of `n` points (x0, y0, x1, y1, …). */
  logits(x: Float32Array, n: number): Float64Array {
    this.forward(x, n);
    return this.acts[this.layers.length]!.subarray(0, n);
  }

  /**
   * One SGD step on binary cross-entropy with logits; returns the loss. Gradient: dL/dz = σ(z) − y
   * per point (÷ n for "mean"), then back through the layers, ReLU passing where its input > 0.
   */
  trainStep(x: Float32Array, y: Float32Array, n: number, reduction: "mean" | "sum", sgd: SgdOptions): number {
    const z = this.logits(x, n);
    const scale = reduction === "mean" ? 1 / n : 1;
    const last = this.layers.length;
    const dz = this.grads[last]!;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      loss += Math.max(zi, 0) - zi * y[i]! + Math.log1p(Math.exp(-Math.abs(zi)));
      dz[i] = (1 / (1 + Math.exp(-zi)) - y[i]!) * scale;
    }
    for (let l = last - 1; l >= 0; l--) this.backward(l, n);
    this.update(sgd);
    return loss * scale;
  }

  weights(): NamedWeights {
    const out: NamedWeights = {};
    for (const layer of this.layers) {
      out[`${layer.name}/kernel`] = { shape: [layer.fanIn, layer.fanOut], values: Float32Array.from(layer.kernel) };
      out[`${layer.name}/bias`] = { shape: [layer.fanOut], values: Float32Array.from(layer.bias) };
    }
    return out;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = n;
    const widths = [TOY_LAYERS[0].fanIn, ...this.layers.map((l) => l.fanOut)];
    this.acts = widths.map((w) => new Float64Array(n * w));
    this.grads = widths.map((w) => new Float64Array(n * w));
  }

  private forward(x: Float32Array, n: number): void {
    this.ensureCapacity(n);
    const input = this.acts[0]!;
    for (let i = 0; i < 2 * n; i++) input[i] = x[i]!;
    this.layers.forEach((layer, l) => {
      const { fanIn, fanOut, kernel, bias } = layer;
      const h = this.acts[l]!;
      const out = this.acts[l + 1]!;
      const relu = l < this.layers.length - 1;
      for (let i = 0; i < n; i++) {
        const row = i * fanOut;
        for (let j = 0; j < fanOut; j++) out[row + j] = bias[j]!;
        for (let k = 0; k < fanIn; k++) {
          const hk = h[i * fanIn + k]!;
          if (hk === 0) continue;
          const wRow = k * fanOut;
          for (let j = 0; j < fanOut; j++) out[row + j] = out[row + j]! + hk * kernel[wRow + j]!;
        }
        // Rounded to float32 like the tfjs path's activations.
        for (let j = 0; j < fanOut; j++) out[row + j] = relu ? Math.max(0, Math.fround(out[row + j]!)) : Math.fround(out[row + j]!);
      }
    });
  }

  /** Layer l's weight gradients from grads[l + 1]; then grads[l] for the layer below (ReLU'd). */
  private backward(l: number, n: number): void {
    const { fanIn, fanOut, kernel, kernelGrad, biasGrad } = this.layers[l]!;
    const h = this.acts[l]!;
    const dOut = this.grads[l + 1]!;
    kernelGrad.fill(0);
    biasGrad.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * fanOut;
      for (let j = 0; j < fanOut; j++) biasGrad[j] = biasGrad[j]! + dOut[row + j]!;
      for (let k = 0; k < fanIn; k++) {
        const hk = h[i * fanIn + k]!;
        if (hk === 0) continue;
        const gRow = k * fanOut;
        for (let j = 0; j < fanOut; j++) kernelGrad[gRow + j] = kernelGrad[gRow + j]! + hk * dOut[row + j]!;
      }
    }
    if (l === 0) return;
    const dIn = this.grads[l]!;
    for (let i = 0; i < n; i++) {
      const row = i * fanOut;
      for (let k = 0; k < fanIn; k++) {
        // h = relu(a): the gradient passes only where the pre-activation was positive.
        if (h[i * fanIn + k]! <= 0) {
          dIn[i * fanIn + k] = 0;
          continue;
        }
        const wRow = k * fanOut;
        let sum = 0;
        for (let j = 0; j < fanOut; j++) sum += dOut[row + j]! * kernel[wRow + j]!;
        dIn[i * fanIn + k] = sum;
      }
    }
  }

  /** PyTorch's SGD (as optim/sgd.ts): g ← ∇ + wd·w; buf ← μ·buf + g (g at first); w ← w − lr·buf. */
  private update({ lr, momentum, weightDecay }: SgdOptions): void {
    for (const layer of this.layers) {
      if (momentum !== 0 && this.first) {
        layer.kernelBuffer = new Float32Array(layer.kernel.length);
        layer.biasBuffer = new Float32Array(layer.bias.length);
      }
      sgdUpdate(layer.kernel, layer.kernelGrad, layer.kernelBuffer, this.first, lr, momentum, weightDecay);
      sgdUpdate(layer.bias, layer.biasGrad, layer.biasBuffer, this.first, lr, momentum, weightDecay);
    }
    this.first = false;
  }
}

function sgdUpdate(
  w: Float32Array,
  grad: Float64Array,
  buffer: Float32Array | null,
  first: boolean,
  lr: number,
  momentum: number,
  weightDecay: number,
): void {
  for (let i = 0; i < w.length; i++) {
    const g = Math.fround(grad[i]!) + weightDecay * w[i]!;
    let direction = g;
    if (buffer) direction = buffer[i] = first ? g : momentum * buffer[i]! + g;
    w[i] = w[i]! - lr * direction;
  }
}
