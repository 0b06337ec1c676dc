import { FIGURE1_DEFAULTS, imageRunConfig, initEngine, MODES, PROFILES, type ModeName, type Profile } from "@minima/core";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Command } from "./command.ts";
import { runsWithDependencies, trainFigure1, type Figure1Key } from "./train/figure1-runs.ts";
import { runPhase } from "./train/image-phase.ts";

/** The protocols one run can follow; the daemon's other presets train their runs by table2-ablation's. */
const TRAIN_PRESETS = ["table2-ablation", "figure1-toy"] as const;
const SAME_PROTOCOL = ["table1-distances", "r-sweep", "norms", "fgsm"];

const USAGE = `Usage: minima train [--preset table2-ablation|figure1-toy] [options]

Trains with the training core alone (no daemon) and writes checkpoints and metrics.jsonl under --out.

--preset table2-ablation (default; also what table1-distances, r-sweep, norms and fgsm train):
one image run from a random init, or with --init adversarial from Algorithm 1's pre-training
on the confusion set. Checkpoints in TensorFlow.js layers format + meta.json.

  --profile cpu|paper     Sizes and schedule [default cpu]: cpu = Fashion-MNIST subset and a
                          small CNN; paper = the paper's CIFAR-10/ResNet18 protocol
  --dataset NAME          fashion-mnist, cifar10, cifar100, cinic10, restricted-imagenet, synthetic
  --model NAME            mlp, small-cnn, small-resnet, vgg16, resnet18, resnet50, densenet-bc-40
  --mode MODE             vanilla, da, l2, momentum, da+l2, da+momentum, l2+momentum, sota [default sota]
  --init random|adversarial   Start from a random init, or pre-train on the confusion set first
  --param-init paper|framework   PyTorch-0.3 initial weights (paper) or tfjs's own [default paper]
  --seed N                Seeds init, confusion set, data order and augmentation [default 1]
  --epochs N              Epochs of the (fine-)tuning phase [profile default]
  --pretrain-epochs N     Epoch cap of the pre-training phase [profile default]
  --replicas R            Algorithm 1's replicas per image [cpu 2, paper 10]
  --zero-out-ratio P      Share of channel values zeroed in each replica [0.1]
  --train-subset N        Train on a class-balanced subset of N images
  --test-subset N         Evaluate on a class-balanced subset of N images
  --out DIR               Output folder [runs/<time>]
  --resume                Continue a stopped run in --out from its latest checkpoint

--preset figure1-toy: Figure 1's toy runs with the authors' settings, (c) and (d) from (b)'s minimum.

  --run a|b|c|d|all       Which panel's run [default all]; (c) and (d) train (b) first
  --epoch-scale X         Multiplies every run's epochs [default 1 = the paper's 1,000/100,000/10,000/1,000]
  --seed N                Init seed [default ${FIGURE1_DEFAULTS.seed}, the authors']
  --out DIR, --resume     As above; --resume skips runs that finished`;

const IMAGE_FLAGS = ["profile", "dataset", "model", "mode", "init", "param-init", "epochs", "pretrain-epochs", "replicas", "zero-out-ratio", "train-subset", "test-subset"];
const TOY_FLAGS = ["run", "epoch-scale"];

const int = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${value}".`);
  return n;
};

type Flags = Record<string, string | boolean | undefined>;
const str = (v: Flags, name: string) => (typeof v[name] === "string" ? v[name] : undefined);

function rejectFlags(v: Flags, flags: readonly string[], preset: string): void {
  const given = flags.filter((f) => v[f] !== undefined);
  if (given.length > 0) throw new Error(`${given.map((f) => `--${f}`).join(", ")} do not apply to --preset ${preset}.`);
}

/** Checks the flags up front, so bad input fails before an output folder or the engine exists. */
type Training = (out: string, backend: string) => Promise<void>;

function toyTraining(v: Flags): Training {
  rejectFlags(v, IMAGE_FLAGS, "figure1-toy");
  const run = str(v, "run") ?? "all";
  const keys = ["a", "b", "c", "d"] as const;
  if (run !== "all" && !keys.includes(run as Figure1Key)) throw new Error(`--run must be a, b, c, d or all, got "${run}".`);
  const scaleFlag = str(v, "epoch-scale");
  const epochScale = scaleFlag === undefined ? FIGURE1_DEFAULTS.epochScale : Number(scaleFlag);
  if (!(epochScale > 0) || !Number.isFinite(epochScale)) throw new Error(`--epoch-scale must be a positive number, got "${scaleFlag}".`);
  const seed = int(str(v, "seed"), "seed") ?? FIGURE1_DEFAULTS.seed;
  const runs = runsWithDependencies(run === "all" ? keys : [run as Figure1Key], { epochScale, seed });
  return (out, backend) => trainFigure1(runs, out, v.resume === true, backend);
}

function imageTraining(v: Flags): Training {
  rejectFlags(v, TOY_FLAGS, "table2-ablation");
  const s = (name: string) => str(v, name);
  const profile = (s("profile") ?? "cpu") as Profile;
  if (!PROFILES.includes(profile)) throw new Error(`--profile must be one of ${PROFILES.join(", ")}, got "${profile}".`);
  const init = s("init") ?? "random";
  if (init !== "random" && init !== "adversarial") throw new Error(`--init must be random or adversarial, got "${init}".`);
  const paramInit = s("param-init") ?? "paper";
  if (paramInit !== "paper" && paramInit !== "framework") throw new Error(`--param-init must be paper or framework, got "${paramInit}".`);
  const ratio = s("zero-out-ratio") === undefined ? undefined : Number(s("zero-out-ratio"));
  const common = {
    profile,
    dataset: s("dataset"),
    model: s("model"),
    seed: int(s("seed"), "seed"),
    init: paramInit,
    trainSubset: int(s("train-subset"), "train-subset"),
    testSubset: int(s("test-subset"), "test-subset"),
  } as const;
  const mode = s("mode");
  if (mode !== undefined && !MODES.includes(mode as ModeName)) throw new Error(`--mode must be one of ${MODES.join(", ")}, got "${mode}".`);
  const train = imageRunConfig({
    ...common,
    phase: "train",
    mode: mode as ModeName | undefined,
    epochs: int(s("epochs"), "epochs"),
    start: init === "adversarial" ? "dependency" : "random",
  });
  const pretrain =
    init === "adversarial"
      ? imageRunConfig({ ...common, phase: "pretrain", epochs: int(s("pretrain-epochs"), "pretrain-epochs"), replicas: int(s("replicas"), "replicas"), zeroOutRatio: ratio })
      : null;
  return async (out) => {
    const start = pretrain ? await runPhase(pretrain, out, v.resume === true) : undefined;
    await runPhase(train, out, v.resume === true, start);
  };
}

export const trainCommand: Command = {
  name: "train",
  usage: USAGE,
  options: {
    preset: { type: "string" },
    run: { type: "string" },
    "epoch-scale": { type: "string" },
    profile: { type: "string" },
    dataset: { type: "string" },
    model: { type: "string" },
    mode: { type: "string" },
    init: { type: "string" },
    "param-init": { type: "string" },
    seed: { type: "string" },
    epochs: { type: "string" },
    "pretrain-epochs": { type: "string" },
    replicas: { type: "string" },
    "zero-out-ratio": { type: "string" },
    "train-subset": { type: "string" },
    "test-subset": { type: "string" },
    out: { type: "string" },
    resume: { type: "boolean" },
  },
  run: async (v) => {
    try {
      const preset = str(v, "preset") ?? "table2-ablation";
      const protocol = SAME_PROTOCOL.includes(preset) ? "table2-ablation" : preset;
      if (!TRAIN_PRESETS.includes(protocol as never)) {
        throw new Error(`--preset must be one of ${[...TRAIN_PRESETS, ...SAME_PROTOCOL].join(", ")}, got "${preset}".`);
      }
      const training = protocol === "figure1-toy" ? toyTraining(v) : imageTraining(v);
      const out = path.resolve(str(v, "out") ?? path.join("runs", new Date().toISOString().replace(/[:.]/g, "-")));
      mkdirSync(out, { recursive: true });
      const engine = await initEngine();
      console.log(`engine: ${engine.backend} (${engine.device}) via ${engine.provider}; output in ${out}`);
      await training(out, engine.backend);
      return 0;
    } catch (error) {
      console.error(`minima train: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  },
};
