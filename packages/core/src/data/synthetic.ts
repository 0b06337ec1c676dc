import { Rng } from "../rng.ts";
import type { ImageDataset, ImageSplit } from "./dataset.ts";
import { channelStats } from "./normalization.ts";

export interface SyntheticOptions {
  size: number;
  testSize: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
  seed: number;
}

/** Cells per side of a class's coarse pattern: large enough blobs to survive a few pixels of crop shift. */
const GRID = 4;
const AMPLITUDE = 60;
/** Half-width of the triangular pixel noise (std = NOISE_HALF_WIDTH/√6 ≈ 30). */
const NOISE_HALF_WIDTH = 73;

/**
 * A small, learnable image set for tests and smoke runs: each class has its own coarse random
 * pattern (a GRID×GRID board of brighter and darker cells per channel around mid-grey) and each
 * image is its class's pattern plus pixel noise. Labels cycle through the classes,
 * so every split is balanced. Normalize constants are the train split's own.
 */
export function syntheticDataset(options: SyntheticOptions): ImageDataset {
  for (const key of ["size", "testSize", "height", "width", "channels", "classes"] as const) {
    const v = options[key];
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`syntheticDataset: ${key} must be an integer ≥ 1, got ${v}.`);
  }
  if (options.classes > 256) throw new RangeError(`syntheticDataset: classes must be ≤ 256 (uint8 labels), got ${options.classes}.`);
  const { height, width, channels, classes } = options;
  const rng = new Rng(options.seed);
  const pixels = height * width * channels;
  const patterns = Array.from({ length: classes }, () => {
    const cells = Array.from({ length: GRID * GRID * channels }, () => rng.uniform(-1, 1));
    const pattern = new Float32Array(pixels);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const cell = (Math.floor((y * GRID) / height) * GRID + Math.floor((x * GRID) / width)) * channels;
        for (let c = 0; c < channels; c++) pattern[(y * width + x) * channels + c] = 128 + AMPLITUDE * cells[cell + c]!;
      }
    }
    return pattern;
  });
  const draw = (size: number): ImageSplit => {
    const images = new Uint8Array(size * pixels);
    const labels = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const label = i % classes;
      labels[i] = label;
      const pattern = patterns[label]!;
      // A clamped view rounds and clips on store.
      const image = new Uint8ClampedArray(images.buffer, i * pixels, pixels);
      for (let p = 0; p < pixels; p++) {
        // Triangular noise (two uniforms) is Gaussian enough here and cheaper than Box–Muller.
        image[p] = pattern[p]! + NOISE_HALF_WIDTH * (rng.next() + rng.next() - 1);
      }
    }
    return { images, labels, size };
  };
  const train = draw(options.size);
  const test = draw(options.testSize);
  return { name: "synthetic", height, width, channels, classes, train, test, ...channelStats(train, channels) };
}
