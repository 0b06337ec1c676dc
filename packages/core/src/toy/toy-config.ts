import { z } from "zod";

/** One run of Figure 1's toy experiment; `figure1Runs` gives the paper's four. */
export const toyRunConfigSchema = z.object({
  kind: z.literal("toy"),
  /** "random": the labels drawn once at random (Figure 1(b)); else the true classes. */
  labels: z.enum(["true", "random"]),
  /** "dependency": start from the final weights of the run this one depends on. */
  init: z.enum(["random", "dependency"]),
  seed: z.number().int().min(0),
  /** Seed of the fixed point set shared by all runs (the authors' `actual_data.npz`). */
  dataSeed: z.number().int().min(0),
  epochs: z.number().int().min(1),
  lr: z.number().positive(),
  batchSize: z.number().int().min(1),
  momentum: z.number().min(0).max(1),
  weightDecay: z.number().min(0),
  lossReduction: z.enum(["mean", "sum"]),
  /** Figure 1(d): each point plus `copies` noisy copies with N(0, std²). */
  augment: z.object({ copies: z.number().int().min(1), std: z.number().positive() }).nullable(),
  /** Figure 1(b): lr × factor when train accuracy has not improved for `patience` epochs. */
  plateau: z.object({ patience: z.number().int().min(1), factor: z.number().gt(0).lt(1) }).nullable(),
  /** Report metrics every this many epochs (and at the last). */
  logEvery: z.number().int().min(1),
  /** Grid spacing of the decision-boundary raster (the authors plot at 0.001). */
  rasterStep: z.number().min(0.001).max(0.5),
});

export type ToyRunConfig = z.infer<typeof toyRunConfigSchema>;

export interface PlannedToyRun {
  key: "a" | "b" | "c" | "d";
  title: string;
  config: ToyRunConfig;
  dependsOn: Array<"a" | "b" | "c" | "d">;
}

export interface Figure1Options {
  /** Multiplies every run's epoch count (and the plateau patience); 1 is the paper's budget. */
  epochScale: number;
  seed: number;
}

export const FIGURE1_DEFAULTS: Figure1Options = { epochScale: 1, seed: 137 };

/**
 * Figure 1's four runs with the authors' settings (reference-spec §Toy, from their run.sh):
 * (a) true labels from random init; (b) random labels; (c) true labels from (b)'s minimum;
 * (d) from (b) with noise augmentation, momentum 0.9 and weight decay 0.1.
 */
export function figure1Runs(options: Figure1Options = FIGURE1_DEFAULTS): PlannedToyRun[] {
  const { epochScale, seed } = options;
  const epochs = (paper: number) => Math.max(1, Math.round(paper * epochScale));
  // About 1,000 logged points per run whatever its length.
  const logEvery = (n: number) => Math.max(1, Math.floor(n / 1000));
  const base = {
    kind: "toy" as const,
    seed,
    dataSeed: 0,
    batchSize: 10,
    momentum: 0,
    weightDecay: 0,
    augment: null,
    plateau: null,
    rasterStep: 0.01,
  };
  const run = (config: Omit<ToyRunConfig, keyof typeof base | "logEvery"> & Partial<ToyRunConfig>): ToyRunConfig => ({
    ...base,
    ...config,
    logEvery: logEvery(config.epochs),
  });
  return [
    {
      key: "a",
      title: "(a) true labels, random init",
      config: run({ labels: "true", init: "random", epochs: epochs(1000), lr: 0.01, lossReduction: "mean" }),
      dependsOn: [],
    },
    {
      key: "b",
      title: "(b) random labels, random init",
      config: run({
        labels: "random",
        init: "random",
        epochs: epochs(100_000),
        lr: 0.003,
        lossReduction: "sum",
        plateau: { patience: epochs(10_000), factor: 0.3 },
      }),
      dependsOn: [],
    },
    {
      key: "c",
      title: "(c) true labels from (b)",
      config: run({ labels: "true", init: "dependency", epochs: epochs(10_000), lr: 0.003, lossReduction: "sum" }),
      dependsOn: ["b"],
    },
    {
      key: "d",
      title: "(d) from (b) with DA, momentum and ℓ2",
      config: run({
        labels: "true",
        init: "dependency",
        epochs: epochs(1000),
        lr: 0.01,
        lossReduction: "sum",
        momentum: 0.9,
        weightDecay: 0.1,
        augment: { copies: 2, std: 0.1 },
      }),
      dependsOn: ["b"],
    },
  ];
}
