import type { Rng } from "../rng.ts";
import type { ImageDataset, ImageSplit } from "./dataset.ts";

/** A mini-batch ready for the model: x normalized, NHWC float32; y the class indices. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  size: number;
}

export interface BatchOptions {
  /** RandomCrop with zero padding, then a horizontal flip with p = 0.5 (reference-spec §4). */
  augment: boolean;
  /** The only source of randomness, so a seed fixes the augmentation. */
  rng: Rng;
}

/**
 * Zero padding of the random crop. CIFAR-sized images use the paper's RandomCrop(32, padding=4).
 * Fashion-MNIST uses RandomCrop(28, padding=2), the usual (Fashion-)MNIST choice: its objects
 * fill the frame, so 4 of 28 pixels would cut off a larger share than 4 of 32 does on CIFAR; its
 * classes (garments, shoes, bags) keep their label when mirrored, so the flip stays.
 */
export function cropPadding(dataset: Pick<ImageDataset, "name" | "width">): number {
  return dataset.name === "fashion-mnist" ? 2 : Math.max(1, Math.round(dataset.width / 8));
}

/** (v/255 − mean)/std for every byte value and channel, so normalizing is one table read. */
function normalizeTable(dataset: ImageDataset): Float32Array {
  const table = new Float32Array(256 * dataset.channels);
  for (let c = 0; c < dataset.channels; c++) {
    for (let v = 0; v < 256; v++) table[c * 256 + v] = (v / 255 - dataset.mean[c]!) / dataset.std[c]!;
  }
  return table;
}

/**
 * Gathers `indices` from `split` into one normalized batch. Augmentation works on the raw uint8
 * image as torchvision does on the PIL image: padded pixels are 0 before Normalize, so they come
 * out as −mean/std. Per image the rng gives the crop's top offset, its left offset (each uniform
 * in 0..2·padding), then the flip. One pass over the output, no per-pixel allocation.
 */
export function makeBatch(dataset: ImageDataset, split: ImageSplit, indices: ArrayLike<number>, options: BatchOptions): Batch {
  const { height: H, width: W, channels: C } = dataset;
  const imageSize = H * W * C;
  const size = indices.length;
  const x = new Float32Array(size * imageSize);
  const y = new Int32Array(size);
  const table = normalizeTable(dataset);
  const pad = cropPadding(dataset);
  for (let b = 0; b < size; b++) {
    const index = indices[b]!;
    if (!Number.isInteger(index) || index < 0 || index >= split.size) {
      throw new RangeError(`makeBatch: index ${index} at position ${b} is outside the split (size ${split.size}).`);
    }
    y[b] = split.labels[index]!;
    const image = split.images.subarray(index * imageSize, (index + 1) * imageSize);
    const out = x.subarray(b * imageSize, (b + 1) * imageSize);
    if (!options.augment) {
      normalizeImage(image, out, table, C);
      continue;
    }
    const top = options.rng.int(2 * pad + 1) - pad;
    const left = options.rng.int(2 * pad + 1) - pad;
    const flip = options.rng.next() < 0.5;
    cropFlipImage(image, out, table, H, W, C, top, left, flip);
  }
  return { x, y, size };
}

// Per-image helpers over views: small monomorphic loops that V8 compiles well.
function normalizeImage(image: Uint8Array, out: Float32Array, table: Float32Array, C: number): void {
  for (let p = 0; p < image.length; p += C) {
    for (let c = 0; c < C; c++) out[p + c] = table[c * 256 + image[p + c]!]!;
  }
}

/** out[row, col] = padded[row + top + pad, (flip ? W−1−col : col) + left + pad], pad = 0s. */
function cropFlipImage(image: Uint8Array, out: Float32Array, table: Float32Array, H: number, W: number, C: number, top: number, left: number, flip: boolean): void {
  let o = 0;
  for (let row = 0; row < H; row++) {
    const sy = row + top;
    const inside = sy >= 0 && sy < H;
    for (let col = 0; col < W; col++, o += C) {
      const sx = (flip ? W - 1 - col : col) + left;
      if (inside && sx >= 0 && sx < W) {
        const s = (sy * W + sx) * C;
        for (let c = 0; c < C; c++) out[o + c] = table[c * 256 + image[s + c]!]!;
      } else {
        for (let c = 0; c < C; c++) out[o + c] = table[c * 256]!;
      }
    }
  }
}
