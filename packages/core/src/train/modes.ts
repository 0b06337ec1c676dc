import { TABLE2_MODES, type Table2Mode } from "@minima/metrics";

/**
 * The eight training modes of Table 2: every combination of data augmentation, ℓ2
 * regularization (weight decay on every parameter) and momentum 0.9 (reference-spec §4).
 */
export const MODES = TABLE2_MODES;
export type ModeName = Table2Mode;

export interface ModeFlags {
  augment: boolean;
  l2: boolean;
  momentum: boolean;
}

export function modeFlags(mode: ModeName): ModeFlags {
  if (mode === "sota") return { augment: true, l2: true, momentum: true };
  const parts = new Set(mode.split("+"));
  return { augment: parts.has("da"), l2: parts.has("l2"), momentum: parts.has("momentum") };
}

/** Per-dataset protocol of the paper (§4): epochs, lr milestones, ℓ2 strength; batch 128, momentum 0.9, lr 0.1, γ 0.1. */
export interface Protocol {
  epochs: number;
  lr: number;
  milestones: number[];
  gamma: number;
  weightDecay: number;
  momentum: number;
  batchSize: number;
}

const CIFAR: Protocol = { epochs: 350, lr: 0.1, milestones: [150, 250], gamma: 0.1, weightDecay: 5e-4, momentum: 0.9, batchSize: 128 };

export const PAPER_PROTOCOLS: Record<string, Protocol> = {
  cifar10: CIFAR,
  cifar100: CIFAR,
  cinic10: { ...CIFAR, epochs: 300, milestones: [150, 225], weightDecay: 1e-4 },
  "restricted-imagenet": { ...CIFAR, epochs: 300, milestones: [150, 225], weightDecay: 5e-4 },
};

/** The paper's step schedule: lr·γ^k after the k-th milestone epoch (applied at the end of that epoch). */
export function learningRate(protocol: Pick<Protocol, "lr" | "milestones" | "gamma">, epoch: number): number {
  const passed = protocol.milestones.filter((m) => epoch > m).length;
  return protocol.lr * protocol.gamma ** passed;
}
