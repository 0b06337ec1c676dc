import { constants } from "node:buffer";
import { Rng } from "../rng.ts";
import type { ImageDataset, ImageSplit } from "./dataset.ts";

export interface ConfusionSetOptions {
  /** R: copies of every train image, each with its own zeroed values and random label. */
  replicas: number;
  /** Fraction of an image's H·W·C values set to 0 in each copy. */
  zeroOutRatio: number;
  seed: number;
}

/**
 * Algorithm 1's confusion set (reference-spec §2). For each train image in order and each of R
 * replicas: copy the raw uint8 image, set floor(H·W·C·ratio) distinct channel-values to 0 (per
 * value, not per pixel; 307 of 3072 at 10%), then draw its label uniformly from the classes
 * once. Zeroing happens before Normalize, so a zeroed value later reads as −mean/std, not 0.
 * Layout is image-major: image 0 replica 0, image 0 replica 1, …
 *
 * Memory is R·N images: Fashion-MNIST at R=10 is 600,000 × 784 B ≈ 470 MB, CIFAR-10 at R=10
 * is 500,000 × 3072 B ≈ 1.5 GB. One typed array holds at most 4 GiB, so CIFAR allows R ≤ 27.
 */
export function buildConfusionSet(dataset: ImageDataset, options: ConfusionSetOptions): ImageSplit {
  const { replicas, zeroOutRatio } = options;
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new RangeError(`buildConfusionSet: replicas must be an integer ≥ 1, got ${replicas}.`);
  }
  if (!(zeroOutRatio >= 0 && zeroOutRatio <= 1)) {
    throw new RangeError(`buildConfusionSet: zeroOutRatio must be in [0, 1], got ${zeroOutRatio}.`);
  }
  const { train, classes } = dataset;
  const imageSize = dataset.height * dataset.width * dataset.channels;
  const size = train.size * replicas;
  if (size * imageSize > constants.MAX_LENGTH) {
    throw new RangeError(
      `buildConfusionSet: ${replicas} replicas of ${train.size} images need ${(size * imageSize / 2 ** 30).toFixed(1)} GiB, ` +
        `more than one array can hold (${constants.MAX_LENGTH / 2 ** 30} GiB). Use fewer replicas or a train subset.`,
    );
  }
  // Same rounding as the authors' int(3072 * ratio).
  const zeros = Math.floor(imageSize * zeroOutRatio);
  const rng = new Rng(options.seed);
  const images = new Uint8Array(size * imageSize);
  const labels = new Uint8Array(size);
  // A partial Fisher–Yates over one persistent index array: each step leaves it a permutation,
  // and a partial shuffle of any permutation picks a uniform k-subset, so no reset is needed.
  const order = new Uint32Array(imageSize);
  for (let i = 0; i < imageSize; i++) order[i] = i;
  for (let n = 0, out = 0; n < train.size; n++) {
    const source = train.images.subarray(n * imageSize, (n + 1) * imageSize);
    for (let r = 0; r < replicas; r++, out++) {
      const at = out * imageSize;
      images.set(source, at);
      for (let k = 0; k < zeros; k++) {
        const j = k + rng.int(imageSize - k);
        const chosen = order[j]!;
        order[j] = order[k]!;
        order[k] = chosen;
        images[at + chosen] = 0;
      }
      labels[out] = rng.int(classes);
    }
  }
  return { images, labels, size };
}
