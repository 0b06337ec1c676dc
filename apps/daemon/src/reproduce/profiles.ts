/**
 * What `minima reproduce` runs: each profile is a list of experiments (a preset and its options)
 * and every way it departs from the paper, written once here so the generated README prints
 * exactly what was run.
 */

export const REPRODUCE_PROFILES = ["cpu-quick", "cpu"] as const;
export type ReproduceProfile = (typeof REPRODUCE_PROFILES)[number];

/** The paper's figures and tables an experiment feeds. */
export type Output = "figure1" | "table1" | "table2" | "figure4" | "figure5" | "figure6";

/** One departure from the paper's setup: what, the paper's value, ours. */
export interface Reduction {
  what: string;
  paper: string;
  here: string;
}

export interface ExperimentSpec {
  /** Names the experiment in its title ("reproduce cpu: r-sweep") and in progress lines. */
  name: string;
  preset: string;
  options: Record<string, number | string>;
  produces: Output[];
  reductions: Reduction[];
}

export interface ReproducePlan {
  profile: ReproduceProfile;
  miniature: boolean;
  experiments: ExperimentSpec[];
  /** Profile-wide caveats the README repeats (e.g. a partial Table 2). */
  notes: string[];
}

export interface PlanOptions {
  /** Tiny synthetic sizes and one epoch a phase: what the tests run. */
  miniature?: boolean;
  /** Figure 1's epochScale; default TOY_EPOCH_SCALE[profile]. */
  toyEpochScale?: number;
}

/**
 * Figure 1's run (b) is 100,000 epochs at scale 1. With the toy's plain-JS steps, (b) ran 2,000
 * epochs in 59 s on this 2-core machine under a load of 16 (2026-11-26), reaching 75% train
 * accuracy on its random labels. 0.05 (5,000 epochs, ≈ 3 minutes for the whole figure) fits
 * cpu-quick's 30 minutes; 0.3 (30,000 epochs, ≈ 15 minutes) gives (b) a better chance to
 * memorize in the long profile. `--toy-epoch-scale` overrides both.
 */
export const TOY_EPOCH_SCALE: Record<ReproduceProfile, number> = { "cpu-quick": 0.05, cpu: 0.3 };

/**
 * Image sizes per profile. cpu is the `cpu` preset profile's own sizes, written out; cpu-quick
 * shrinks them to fit 30 minutes at ≈ 0.8 s per small-CNN step of 128 images: one pre-training
 * of ≤ 40 epochs over 2 × 1,000 images (≈ 640 steps) and four runs of 10 epochs (≈ 320 steps).
 * cpu, per seed: ≤ 3,200 pre-training steps and 16 × 480 fine-tuning steps for Table 2 (≈ 2.5 h),
 * ≈ 6,560 steps for Figure 4's ladder (≈ 1.5 h): about 14 h for three seeds, one run at a time.
 */
interface Sizes {
  seeds: number;
  epochs: number;
  pretrainEpochs: number;
  replicas: number;
  trainSubset: number;
  testSubset: number;
}

const SIZES: Record<ReproduceProfile, Sizes> = {
  "cpu-quick": { seeds: 1, epochs: 10, pretrainEpochs: 40, replicas: 2, trainSubset: 1000, testSubset: 1000 },
  cpu: { seeds: 3, epochs: 30, pretrainEpochs: 100, replicas: 2, trainSubset: 2000, testSubset: 2000 },
};

/** Figure 4's ladder at CPU scale: pre-training on R × 1,000 images must stay affordable. */
const R_LADDER = "1,2,4";
const R_SWEEP_TRAIN_SUBSET = 1000;

const MINIATURE = { dataset: "synthetic", model: "small-cnn", seeds: 1, epochs: 1, pretrainEpochs: 1, replicas: 1, trainSubset: 64, testSubset: 32 } as const;
const MINIATURE_TOY_SCALE = 0.0001;

function imageReductions(sizes: Sizes, miniature: boolean): Reduction[] {
  return [
    miniature
      ? { what: "data and model", paper: "CIFAR-10, ResNet18 (Table 1: 4 datasets × 4 models)", here: "a synthetic set, the small CNN (test miniature)" }
      : { what: "data and model", paper: "CIFAR-10, ResNet18 (Table 1: 4 datasets × 4 models; Figures 5–6: ResNet50)", here: "Fashion-MNIST, the small CNN (one row)" },
    { what: "train images", paper: "all (50,000)", here: `${sizes.trainSubset.toLocaleString("en")} (class-balanced subset)` },
    { what: "test images", paper: "all (10,000)", here: sizes.testSubset.toLocaleString("en") },
    { what: "epochs per training run", paper: "350 (lr ÷10 at 150, 250)", here: `${sizes.epochs} (lr ÷10 at the same fractions)` },
    { what: "pre-training (Algorithm 1)", paper: "until 99.99% train accuracy, checked every 25 epochs, at most 350", here: `the same rule, checked every 5 epochs, at most ${sizes.pretrainEpochs}` },
    { what: "replicas R", paper: "10 (the authors' generator default)", here: String(sizes.replicas) },
    { what: "seeds", paper: "5", here: String(sizes.seeds) },
  ];
}

function withoutReplicas<T extends { replicas: number }>(options: T): Omit<T, "replicas"> {
  const { replicas: _replicas, ...rest } = options;
  return rest;
}

function toySpec(scale: number): ExperimentSpec {
  return {
    name: "figure1-toy",
    preset: "figure1-toy",
    options: { epochScale: scale, seed: 137 },
    produces: ["figure1"],
    reductions: [{ what: "Figure 1 epochs", paper: "1,000 / 100,000 / 10,000 / 1,000 for (a)–(d)", here: `× ${scale} (epochScale)` }],
  };
}

/** The experiments of a profile, with the sizes of `options`. */
export function reproducePlan(profile: ReproduceProfile, options: PlanOptions = {}): ReproducePlan {
  const miniature = options.miniature ?? false;
  const toyScale = options.toyEpochScale ?? (miniature ? MINIATURE_TOY_SCALE : TOY_EPOCH_SCALE[profile]);
  const image = (sizes: Sizes) => (miniature ? { profile: "cpu", ...MINIATURE } : { profile: "cpu", ...sizes });
  if (profile === "cpu-quick") {
    const sizes = SIZES["cpu-quick"];
    return {
      profile,
      miniature,
      experiments: [
        toySpec(toyScale),
        {
          name: "table1-distances",
          preset: "table1-distances",
          options: image(sizes),
          produces: ["table1", "table2"],
          reductions: imageReductions(miniature ? MINIATURE : sizes, miniature),
        },
      ],
      notes: [
        "Table 2 is partial: cpu-quick trains only the vanilla and SOTA modes (the runs behind Table 1's checkpoints); the other six rows are empty.",
        "Figures 4–6 are not measured at this profile; run `pnpm reproduce --profile cpu`.",
      ],
    };
  }
  const sizes = SIZES.cpu;
  const sweepSizes = { ...sizes, trainSubset: R_SWEEP_TRAIN_SUBSET };
  return {
    profile,
    miniature,
    experiments: [
      {
        name: "table2-ablation",
        preset: "table2-ablation",
        options: { ...image(sizes), measures: "distances+norms+fgsm" },
        produces: ["table2", "table1", "figure5", "figure6"],
        reductions: [
          ...imageReductions(miniature ? MINIATURE : sizes, miniature),
          { what: "FGSM ε", paper: "not stated", here: "0, 0.05, …, 0.3 in [0, 1] pixel space (the PyTorch tutorial's)" },
        ],
      },
      {
        name: "r-sweep",
        preset: "r-sweep",
        // r-sweep sets R per run itself; it has no replicas option.
        options: { ...withoutReplicas(image(sweepSizes)), rValues: R_LADDER },
        produces: ["figure4"],
        reductions: [
          ...imageReductions(miniature ? MINIATURE : sweepSizes, miniature).filter((r) => r.what !== "replicas R"),
          { what: "R ladder", paper: "not listed (zero-out 10%)", here: `0 (random init), ${R_LADDER.split(",").join(", ")}` },
        ],
      },
      toySpec(toyScale),
    ],
    notes: ["Figure 4 trains on its own, smaller train subset so that pre-training on R × that many images stays affordable; its R = 0 point is therefore not Table 2's vanilla run."],
  };
}

/** The title that marks an experiment as this profile's (find-or-create matches on it). */
export const experimentTitle = (profile: ReproduceProfile, spec: ExperimentSpec) => `reproduce ${profile}: ${spec.name}`;
