import type { DatasetName, ImageSplit } from "./dataset.ts";

export interface ChannelStats {
  mean: readonly number[];
  std: readonly number[];
}

/**
 * Normalize constants on the [0,1] scale, per channel (reference-spec §1).
 * - CIFAR-10: the authors' "kuangliu" constants (their std is not the true std; kept as-is).
 * - CIFAR-100: the paper gives none; these are the commonly used CIFAR-100 train-set values.
 * - CINIC-10: the dataset authors' published constants.
 * - Restricted ImageNet: the `robustness` library's constants.
 * - Fashion-MNIST: the train set's own mean and std (checked in normalization.test.ts).
 * Synthetic sets compute theirs from their train split.
 */
export const NORMALIZATION: Record<Exclude<DatasetName, "synthetic">, ChannelStats> = {
  "fashion-mnist": { mean: [0.286], std: [0.353] },
  cifar10: { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201] },
  cifar100: { mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762] },
  cinic10: {
    mean: [0.47889522, 0.47227842, 0.43047404],
    std: [0.24205776, 0.23828046, 0.25874835],
  },
  "restricted-imagenet": { mean: [0.4717, 0.4499, 0.3837], std: [0.26, 0.2516, 0.2575] },
};

/** The true per-channel mean and (population) std of a split on the [0,1] scale. */
export function channelStats(split: ImageSplit, channels: number): ChannelStats {
  const sum = new Float64Array(channels);
  const sq = new Float64Array(channels);
  const { images } = split;
  for (let i = 0; i < images.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const v = images[i + c]!;
      sum[c] = sum[c]! + v;
      sq[c] = sq[c]! + v * v;
    }
  }
  const n = images.length / channels;
  const mean = [...sum].map((s) => s / n / 255);
  const std = [...sq].map((s, c) => Math.sqrt(Math.max(s / n / 65025 - mean[c]! ** 2, 0)));
  return { mean, std };
}
