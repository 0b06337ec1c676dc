/** Table 2's eight training modes (reference-spec §4), in the paper's row order; the core's MODES. */
export const TABLE2_MODES = ["vanilla", "da", "l2", "momentum", "da+l2", "da+momentum", "l2+momentum", "sota"] as const;
export type Table2Mode = (typeof TABLE2_MODES)[number];
export const INITS = ["random", "adversarial"] as const;
export type Init = (typeof INITS)[number];
export const SPLITS = ["train", "test"] as const;
export type Split = (typeof SPLITS)[number];

/** Accuracy in percent, mean ± population std over 5 runs. */
export interface PublishedStat {
  mean: number;
  std: number;
}

export type PublishedTable2 = Record<Table2Mode, Record<Init, Record<Split, PublishedStat>>>;

const cell = (mean: number, std: number): PublishedStat => ({ mean, std });

function row(randTrain: PublishedStat, randTest: PublishedStat, advTrain: PublishedStat, advTest: PublishedStat) {
  return { random: { train: randTrain, test: randTest }, adversarial: { train: advTrain, test: advTest } };
}

/**
 * Table 2 of the paper, copied exactly (reference-spec §8): ResNet18 on CIFAR-10, final-epoch
 * accuracy in percent. Train accuracy under DA is measured on augmented samples (hence 99.995).
 */
export const PUBLISHED_TABLE2: PublishedTable2 = {
  vanilla: row(cell(100, 0), cell(84.838, 0.193), cell(100, 0), cell(56.024, 0.883)),
  da: row(cell(100, 0), cell(93.37, 0.115), cell(99.995, 0.003), cell(89.402, 0.175)),
  l2: row(cell(100, 0), cell(87.352, 0.055), cell(100, 0), cell(83.172, 3.732)),
  momentum: row(cell(100, 0), cell(89.2, 0.176), cell(100, 0), cell(89.016, 0.142)),
  "da+l2": row(cell(100, 0), cell(94.68, 0.071), cell(100, 0), cell(94.192, 0.173)),
  "da+momentum": row(cell(100, 0), cell(93.448, 0.242), cell(100, 0.001), cell(92.756, 0.347)),
  "l2+momentum": row(cell(100, 0), cell(89.05, 0.11), cell(100, 0), cell(88.932, 0.373)),
  sota: row(cell(100, 0), cell(95.324, 0.086), cell(100, 0.001), cell(95.346, 0.098)),
};

/** The paper's row labels. */
export const TABLE2_MODE_LABELS: Record<Table2Mode, string> = {
  vanilla: "Vanilla SGD",
  da: "DA",
  l2: "ℓ2",
  momentum: "Momentum",
  "da+l2": "DA+ℓ2",
  "da+momentum": "DA+Momentum",
  "l2+momentum": "ℓ2+Momentum",
  sota: "DA+ℓ2+Momentum (SOTA)",
};
