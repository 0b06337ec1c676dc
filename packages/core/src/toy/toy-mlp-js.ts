import { readFileSync } from "node:fs";
import type { NamedWeights } from "../checkpoint/weights-file.ts";
import type { SgdOptions } from "../optim/sgd.ts";
import { TOY_LAYERS } from "./toy-mlp.ts";

/** toy-kernels.wat's exports; pointers are byte offsets into the memory they share with us. */
export interface ToyKernels {
  dense_forward(h: number, n: number, fanIn: number, w: number, b: number, out: number, fanOut: number, relu: number): void;
  kernel_grad(h: number, n: number, fanIn: number, d: number, fanOut: number, g: number): void;
  bias_grad(d: number, n: number, fanOut: number, g: number): void;
  input_grad(d: number, n: number, fanOut: number, w: number, fanIn: number, h: number, dh: number): void;
  sgd(w: number, grad: number, buf: number, len: number, lr: number, momentum: number, wd: number, mode: number): void;
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/**
 * The part of the WebAssembly JS API used here: TypeScript declares it only in its DOM libs, which
 * this Node package does not load.
 */
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: object };
};

/** toy-kernels.wasm (a few kB, compiled synchronously) on a fresh one-page memory. */
export function loadToyKernels(): { kernels: ToyKernels; memory: WasmMemory } {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const module = new WebAssembly.Module(readFileSync(new URL("./toy-kernels.wasm", import.meta.url)));
  return { kernels: new WebAssembly.Instance(module, { env: { memory } }).exports as ToyKernels, memory };
}

interface Layer {
  name: string;
  fanIn: number;
  fanOut: number;
  /** Byte offsets of the kernel ([fanIn, fanOut], tfjs's Dense layout) and bias among the weights. */
  kernel: number;
  bias: number;
}

const PAGE = 65536;
/** Floats to bytes, rounded up to whole 16-byte vectors so that every array starts aligned. */
const vectorBytes = (floats: number) => Math.ceil(floats / 4) * 16;

/**
 * Figure 1's 2-100-100-1 network stepped by hand-written WebAssembly SIMD kernels
 * (toy-kernels.wat) driven from here: forward, backward and PyTorch's SGD, the arithmetic of the
 * tfjs path (ToyMlp + bceWithLogits + Sgd) in float32; only the loss and σ(z) − y of the n
 * outputs are computed in JS. Measured against the plain-JS loops this replaced, in the same
 * process on 2 shared vCPUs (load 3–5): ≈0.15–0.2 ns per multiply-add instead of ≈2.3–3.0, so
 * an epoch of run (b) (10 batch-10 steps and the 100-point forward the plateau rule needs) takes
 * ≈0.6–0.8 ms instead of ≈10–12 ms, and Figure 1's four full runs ≈1 min.
 *
 * One linear memory holds the weights, their gradients and momentum buffers (each block laid
 * out like the weights, so one SGD call covers them all), then the activations and their
 * gradients for as many rows as the largest batch seen so far.
 */
export class ToyMlpJs {
  private readonly kernels: ToyKernels;
  private readonly memory: WasmMemory;
  private readonly layers: Layer[];
  /** Bytes of the weights; their gradients follow, then the momentum buffers. */
  private readonly weightBytes: number;
  private floats: Float32Array;
  /**
   * Byte offsets of each layer's input activations (the last is the logits) and of their
   * gradients (the network input's is laid out but never computed).
   */
  private acts: number[] = [];
  private deltas: number[] = [];
  private capacity = 0;
  private first = true;

  constructor(weights: NamedWeights) {
    const { kernels, memory } = loadToyKernels();
    this.kernels = kernels;
    this.memory = memory;
    let offset = 0;
    this.layers = TOY_LAYERS.map(({ name, fanIn, fanOut }) => {
      const kernel = offset;
      offset += vectorBytes(fanIn * fanOut);
      const bias = offset;
      offset += vectorBytes(fanOut);
      return { name, fanIn, fanOut, kernel, bias };
    });
    this.weightBytes = offset;
    this.grow(3 * offset);
    this.floats = new Float32Array(this.memory.buffer);
    this.writeBlock(0, weights, "weights");
  }

  /** Pre-sigmoid outputs of `n` points (x0, y0, x1, y1, …). */
  logits(x: Float32Array, n: number): Float64Array {
    this.forward(x, n);
    const z = this.acts[this.layers.length]! / 4;
    return Float64Array.from(this.floats.subarray(z, z + n));
  }

  /**
   * One SGD step on binary cross-entropy with logits; returns the loss. Gradient: dL/dz = σ(z) − y
   * per point (÷ n for "mean"), then back through the layers, ReLU passing where its output > 0.
   */
  trainStep(x: Float32Array, y: Float32Array, n: number, reduction: "mean" | "sum", sgd: SgdOptions): number {
    this.forward(x, n);
    const { floats, kernels, layers, acts, deltas } = this;
    const z = acts[layers.length]! / 4;
    const dz = deltas[layers.length]! / 4;
    const scale = reduction === "mean" ? 1 / n : 1;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const zi = floats[z + i]!;
      loss += Math.max(zi, 0) - zi * y[i]! + Math.log1p(Math.exp(-Math.abs(zi)));
      floats[dz + i] = (1 / (1 + Math.exp(-zi)) - y[i]!) * scale;
    }
    const grads = this.weightBytes;
    for (let l = layers.length - 1; l >= 0; l--) {
      const { fanIn, fanOut, kernel, bias } = layers[l]!;
      // Before this layer's update, which the gradient below must not see.
      if (l > 0) kernels.input_grad(deltas[l + 1]!, n, fanOut, kernel, fanIn, acts[l]!, deltas[l]!);
      kernels.kernel_grad(acts[l]!, n, fanIn, deltas[l + 1]!, fanOut, grads + kernel);
      kernels.bias_grad(deltas[l + 1]!, n, fanOut, grads + bias);
    }
    const mode = sgd.momentum === 0 ? 0 : this.first ? 1 : 2;
    kernels.sgd(0, grads, 2 * grads, grads / 4, sgd.lr, sgd.momentum, sgd.weightDecay, mode);
    this.first = false;
    return loss * scale;
  }

  weights(): NamedWeights {
    return this.readBlock(0);
  }

  /**
   * SGD's momentum buffers, named and shaped like the weights; none before the first step (the
   * first momentum step sets them to the gradient, PyTorch's rule). Meaningless without momentum.
   */
  momentumBuffers(): NamedWeights {
    return this.first ? {} : this.readBlock(2 * this.weightBytes);
  }

  /** Restores buffers from momentumBuffers(): the next step continues with exactly that velocity. */
  restoreMomentumBuffers(buffers: NamedWeights): void {
    this.first = Object.keys(buffers).length === 0;
    if (!this.first) this.writeBlock(2 * this.weightBytes, buffers, "momentum buffers");
  }

  /** One block laid out like the weights (the weights, their gradients or momentum buffers), by weight name. */
  private readBlock(at: number): NamedWeights {
    const out: NamedWeights = {};
    for (const { name, fanIn, fanOut, kernel, bias } of this.layers) {
      const [k, b] = [(at + kernel) / 4, (at + bias) / 4];
      out[`${name}/kernel`] = { shape: [fanIn, fanOut], values: this.floats.slice(k, k + fanIn * fanOut) };
      out[`${name}/bias`] = { shape: [fanOut], values: this.floats.slice(b, b + fanOut) };
    }
    return out;
  }

  private writeBlock(at: number, values: NamedWeights, what: string): void {
    for (const { name, fanIn, fanOut, kernel, bias } of this.layers) {
      this.floats.set(tensor(values, `${name}/kernel`, fanIn * fanOut, what), (at + kernel) / 4);
      this.floats.set(tensor(values, `${name}/bias`, fanOut, what), (at + bias) / 4);
    }
  }

  private forward(x: Float32Array, n: number): void {
    this.ensureCapacity(n);
    const { acts, layers } = this;
    this.floats.set(x.subarray(0, 2 * n), acts[0]! / 4);
    layers.forEach(({ fanIn, fanOut, kernel, bias }, l) => {
      this.kernels.dense_forward(acts[l]!, n, fanIn, kernel, bias, acts[l + 1]!, fanOut, l < layers.length - 1 ? 1 : 0);
    });
  }

  /** Lays out activations and their gradients for `n` rows after the weights' three blocks. */
  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const widths = [TOY_LAYERS[0].fanIn, ...this.layers.map((l) => l.fanOut)];
    let offset = 3 * this.weightBytes;
    const place = (floats: number) => {
      const at = offset;
      offset += vectorBytes(floats);
      return at;
    };
    this.acts = widths.map((w) => place(n * w));
    this.deltas = widths.map((w) => place(n * w));
    this.grow(offset);
    this.capacity = n;
  }

  /** Grows the memory to at least `bytes`; growing detaches the old buffer, so the view is remade. */
  private grow(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    this.memory.grow(Math.ceil((bytes - have) / PAGE));
    this.floats = new Float32Array(this.memory.buffer);
  }
}

function tensor(weights: NamedWeights, key: string, size: number, what: string): Float32Array {
  const w = weights[key];
  if (!w) throw new Error(`The toy MLP's ${what} lack "${key}"; expected ${TOY_LAYERS.map((l) => l.name).join(", ")}.`);
  if (w.values.length !== size) throw new Error(`"${key}" of the toy MLP's ${what} has ${w.values.length} values; expected ${size}.`);
  return Float32Array.from(w.values);
}
