/**
 * What `minima reproduce` runs: each profile is a list of experiments (a preset and its options)
 * and every way it departs from the paper, written once here so the generated README prints
 * exactly what was run.
 */

export const REPRODUCE_PROFILES = ["cpu-quick", "cpu"] as const;
export type ReproduceProfile = (typeof REPRODUCE_PROFILES)[number];

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
 * Figure 1 runs at the paper's epoch counts in both profiles: with the toy's WebAssembly step its
 * four runs take about a minute on this 2-core machine (`pnpm bench:engine figure1`; run (b) is
 * 1,000,000 steps). `--toy-epoch-scale` shortens them, and the README then lists it as a reduction.
 */
export const TOY_EPOCH_SCALE: Record<ReproduceProfile, number> = { "cpu-quick": 1, cpu: 1 };

/**
 * Image sizes per profile, chosen by measurement (2026-11-26, this 2-core host, one seed each,
 * through the daemon's r-sweep preset on Fashion-MNIST, 1,000 train and 1,000 test images):
 * - The small CNN (66k parameters, global average pooling) cannot memorize the confusion set at
 *   CPU cost: after 40 pre-training epochs on R = 2 it fitted 22.6% of it, so its "adversarial"
 *   init was no minimum at all, and 10 fine-tuning epochs left vanilla SGD at 61% train accuracy.
 * - The MLP (670k parameters) fits the confusion set (100% in 200 epochs up to R = 20) and
 *   vanilla SGD fits the clean train set from either init in 100 epochs (99.7–100%). Its vanilla
 *   test accuracy from random init was 82.1%; from adversarial init 83.8 / 82.6 / 81.1 / 81.2 /
 *   80.9% at R = 1 / 2 / 5 / 10 / 20: the drop appears from R = 5 and stays near one point.
 * So both profiles use the MLP with R = 20, where the drop was largest. Durations on 2 idle cores
 * (2026-12-06, docs/results/cpu): pre-training at R = 20 ≈ 1.5 min (20,000 images, 100–105 epochs
 * to its stopping rule), each 100-epoch run ≈ 12 s. cpu, per seed: one pre-training and 16 runs for
 * Table 2 and Figure 4's ladder (five pre-trainings and six runs, two of them Table 2's twins,
 * trained once): 23 min for three seeds, one run at a time (3 h 53 min on 2026-11-26, on the Eigen
 * kernels and under load).
 */
interface Sizes {
  model: string;
  seeds: number;
  epochs: number;
  pretrainEpochs: number;
  replicas: number;
  trainSubset: number;
  testSubset: number;
}

const SIZES: Record<ReproduceProfile, Sizes> = {
  "cpu-quick": { model: "mlp", seeds: 1, epochs: 100, pretrainEpochs: 200, replicas: 20, trainSubset: 1000, testSubset: 1000 },
  cpu: { model: "mlp", seeds: 3, epochs: 100, pretrainEpochs: 200, replicas: 20, trainSubset: 1000, testSubset: 1000 },
};

/** Figure 4's ladder at CPU scale: the measured R values, the largest where the drop showed. */
const R_LADDER = "1,2,5,10,20";

const MINIATURE = { dataset: "synthetic", model: "small-cnn", seeds: 1, epochs: 1, pretrainEpochs: 1, replicas: 1, trainSubset: 64, testSubset: 32 } as const;
const MINIATURE_TOY_SCALE = 0.0001;

function imageReductions(sizes: Omit<Sizes, "model"> & { model: string }, miniature: boolean): Reduction[] {
  return [
    miniature
      ? { what: "data and model", paper: "CIFAR-10, ResNet18 (Table 1: 4 datasets × 4 models)", here: "a synthetic set, the small CNN (test miniature)" }
      : { what: "data and model", paper: "CIFAR-10, ResNet18 (Table 1: 4 datasets × 4 models; Figures 5–6: ResNet50)", here: `Fashion-MNIST, the ${sizes.model === "mlp" ? "MLP (784-512-512-10)" : sizes.model} (one row)` },
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
    reductions: scale === 1 ? [] : [{ what: "Figure 1 epochs", paper: "1,000 / 100,000 / 10,000 / 1,000 for (a)–(d)", here: `× ${scale} (epochScale)` }],
  };
}

/** The experiments of a profile, with the sizes of `options`. */
export function reproducePlan(profile: ReproduceProfile, options: PlanOptions = {}): ReproducePlan {
  const miniature = options.miniature ?? false;
  const toyScale = options.toyEpochScale ?? (miniature ? MINIATURE_TOY_SCALE : TOY_EPOCH_SCALE[profile]);
  const image = (sizes: Sizes) => (miniature ? { profile: "cpu", ...MINIATURE } : { profile: "cpu", dataset: "fashion-mnist", ...sizes });
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
  return {
    profile,
    miniature,
    experiments: [
      {
        name: "table2-ablation",
        preset: "table2-ablation",
        options: { ...image(sizes), measures: "distances+norms+fgsm" },
        reductions: [
          ...imageReductions(miniature ? MINIATURE : sizes, miniature),
          { what: "FGSM ε", paper: "not stated", here: "0, 0.05, …, 0.3 in [0, 1] pixel space (the PyTorch tutorial's)" },
        ],
      },
      {
        name: "r-sweep",
        preset: "r-sweep",
        // r-sweep sets R per run itself; it has no replicas option.
        options: { ...withoutReplicas(image(sizes)), rValues: R_LADDER },
        reductions: [
          ...imageReductions(miniature ? MINIATURE : sizes, miniature).filter((r) => r.what !== "replicas R"),
          { what: "R ladder", paper: "not listed (zero-out 10%)", here: `0 (random init), ${R_LADDER.split(",").join(", ")}` },
        ],
      },
      toySpec(toyScale),
    ],
    notes: ["Figure 4's R = 0 vanilla run and R = 20 pre-training are configured exactly as Table 2's: the daemon trains each once, and the experiment that comes second takes the results (its runs say which run they were reused from)."],
  };
}

/** The title that marks an experiment as this profile's (find-or-create matches on it). */
export const experimentTitle = (profile: ReproduceProfile, spec: ExperimentSpec) => `reproduce ${profile}: ${spec.name}`;
