export const DATASET_NAMES = [
  "fashion-mnist",
  "cifar10",
  "cifar100",
  "cinic10",
  "restricted-imagenet",
  "synthetic",
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Raw images as stored: uint8, NHWC, image-major. */
export interface ImageSplit {
  images: Uint8Array;
  labels: Uint8Array;
  size: number;
}

export interface ImageDataset {
  name: DatasetName;
  height: number;
  width: number;
  channels: number;
  classes: number;
  train: ImageSplit;
  test: ImageSplit;
  /** Per-channel Normalize constants on the [0,1] scale (reference-spec §1). */
  mean: readonly number[];
  std: readonly number[];
}

/** Data that is missing, truncated or corrupt; the message says what, where, and what to do. */
export class DatasetError extends Error {
  override name = "DatasetError";
}

/** Image shape [height, width, channels] and class count of each dataset, known without loading it. */
export const DATASET_SHAPES: Record<DatasetName, { shape: [number, number, number]; classes: number }> = {
  "fashion-mnist": { shape: [28, 28, 1], classes: 10 },
  cifar10: { shape: [32, 32, 3], classes: 10 },
  cifar100: { shape: [32, 32, 3], classes: 100 },
  cinic10: { shape: [32, 32, 3], classes: 10 },
  "restricted-imagenet": { shape: [32, 32, 3], classes: 9 },
  synthetic: { shape: [32, 32, 3], classes: 10 },
};
