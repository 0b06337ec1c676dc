import { imageRunConfig, initEngine, loadDataset, MODES, PROFILES, trainImage, type ImageRunConfig, type ModeName, type Profile } from "@minima/core";
import type { MetricPoint } from "@minima/metrics";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "./command.ts";

const USAGE = `Usage: minima train [options]

Trains one run with the training core alone (no daemon): from a random init, or with
--init adversarial from Algorithm 1's pre-training on the confusion set. Writes checkpoints
(TensorFlow.js layers format + meta.json) and metrics.jsonl under --out.

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
  --resume                Continue a stopped run in --out from its latest checkpoint`;

const int = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${value}".`);
  return n;
};

/** The newest checkpoint folder of a phase (highest epoch, "final" last), if any. */
function latestCheckpoint(phaseDir: string): string | null {
  if (!existsSync(phaseDir)) return null;
  const names = readdirSync(phaseDir).filter((d) => existsSync(path.join(phaseDir, d, "meta.json")));
  const epochOf = (d: string) => (JSON.parse(readFileSync(path.join(phaseDir, d, "meta.json"), "utf8")) as { epoch: number }).epoch;
  const sorted = names.sort((a, b) => epochOf(a) - epochOf(b) || Number(a === "final") - Number(b === "final"));
  return sorted.length ? path.join(phaseDir, sorted.at(-1)!) : null;
}

function formatEpoch(phase: string, epoch: number, epochs: number, points: MetricPoint[], seconds: number): string {
  const v = Object.fromEntries(points.map((p) => [p.name, p.value]));
  const pct = (x: number | undefined) => (x === undefined ? "   —  " : `${(100 * x).toFixed(2).padStart(6)}%`);
  return `${phase.padEnd(8)} epoch ${String(epoch).padStart(4)}/${epochs}  loss ${v.train_loss?.toFixed(4) ?? "—"}  train ${pct(v.train_acc)}  test ${pct(v.test_acc)}  lr ${v.lr?.toPrecision(3) ?? "—"}  ${seconds.toFixed(1)} s`;
}

async function runPhase(config: ImageRunConfig, out: string, resume: boolean, initialCheckpoint?: string): Promise<string> {
  const phaseDir = path.join(out, config.phase);
  const finalDir = path.join(phaseDir, "final");
  if (resume && existsSync(path.join(finalDir, "meta.json"))) {
    console.log(`${config.phase}: already finished (${finalDir})`);
    return finalDir;
  }
  const resumeFrom = resume ? latestCheckpoint(phaseDir) : null;
  const dataset = await loadDataset(config.dataset as never, {
    ...(config.trainSubset ? { trainSubset: config.trainSubset } : {}),
    ...(config.testSubset ? { testSubset: config.testSubset } : {}),
    seed: config.seed,
  });
  console.log(`${config.phase}: ${config.model} on ${config.dataset} (${dataset.train.size} train, ${dataset.test.size} test), mode ${config.mode}, ${config.epochs} epochs${resumeFrom ? `, resuming from ${resumeFrom}` : ""}`);
  let last = Date.now();
  const result = await trainImage(config, {
    dataset,
    initialCheckpoint,
    resumeFrom: resumeFrom ?? undefined,
    checkpointDir: (name) => path.join(phaseDir, name),
    onEpoch: (points, epoch) => {
      appendFileSync(path.join(out, "metrics.jsonl"), points.map((p) => JSON.stringify(p)).join("\n") + "\n");
      const now = Date.now();
      console.log(formatEpoch(config.phase, epoch, config.epochs, points, (now - last) / 1000));
      last = now;
    },
  });
  console.log(`${config.phase}: done after ${result.epochs} epochs${result.stoppedEarly ? " (reached the stopping accuracy)" : ""}; train ${(100 * result.trainAcc).toFixed(2)}%, test ${(100 * result.testAcc).toFixed(2)}%`);
  return finalDir;
}

export const trainCommand: Command = {
  name: "train",
  summary: "Train one run with the core alone (no daemon); writes checkpoints and metrics.",
  usage: USAGE,
  options: {
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
    const s = (name: string) => (typeof v[name] === "string" ? v[name] : undefined);
    try {
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
      const out = path.resolve(s("out") ?? path.join("runs", new Date().toISOString().replace(/[:.]/g, "-")));
      mkdirSync(out, { recursive: true });
      const engine = await initEngine();
      console.log(`engine: ${engine.backend} (${engine.device}) via ${engine.provider}; output in ${out}`);
      const start = pretrain ? await runPhase(pretrain, out, v.resume === true) : undefined;
      await runPhase(train, out, v.resume === true, start);
      return 0;
    } catch (error) {
      console.error(`minima train: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  },
};
