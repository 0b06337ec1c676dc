// `npm run bench:divergence -- --init DIR --seed S [--mode momentum] [--runs 10]`: is a run that
// diverged or collapsed minima's doing, or the protocol's? Trains the CPU reproduction's MLP from
// one checkpoint (e.g. an adversarial init: a pre-training run's `weights` artifact) in one of the
// eight modes, once per data-order seed, in minima's engine and in PyTorch (torch.optim.SGD, the
// same data subset, schedule and augmentation), and prints how often each diverged (a non-finite
// loss) or ended below --collapsed train accuracy, with the spread of the rest. Trajectories
// cannot match step for step (each engine draws its own data order); the counts should.
//   --init DIR         The starting checkpoint (model.json, weights.bin), an MLP on 28×28×1
//   --seed S           The seed of the runs it belongs to: it picks the data subsets [1]
//   --mode MODE        vanilla, da, l2, momentum, da+l2, da+momentum, l2+momentum, sota [momentum]
//   --runs N           Data-order seeds per engine [10]; minima's first is S itself, the run as queued
//   --epochs N         Training epochs (the schedule keeps its shape) [100, the cpu profile's]
//   --collapsed P      Train accuracy (%) below which a finished run counts as collapsed [50]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { cropPadding, imageRunConfig, initEngine, loadDataset, MODES, modeFlags, TrainingError, trainImage, type ModeName } from "../src/index.ts";

interface Outcome {
  trainAcc?: number;
  testAcc?: number;
  divergedAtEpoch?: number;
}

const { values } = parseArgs({
  options: {
    init: { type: "string" },
    seed: { type: "string", default: "1" },
    mode: { type: "string", default: "momentum" },
    runs: { type: "string", default: "10" },
    epochs: { type: "string", default: "100" },
    collapsed: { type: "string", default: "50" },
  },
});
if (!values.init) throw new Error("--init DIR is required: a checkpoint folder with model.json and weights.bin (a pre-training run's `weights` artifact).");
if (!MODES.includes(values.mode as ModeName)) throw new Error(`--mode must be one of ${MODES.join(", ")}, got "${values.mode}".`);
const seed = Number(values.seed);
const runs = Number(values.runs);
const collapsedBelow = Number(values.collapsed) / 100;
const mode = values.mode as ModeName;

// The daemon's own configuration of such a run (the `cpu` profile, the reproduction's sizes).
const config = imageRunConfig({ profile: "cpu", phase: "train", start: "dependency", model: "mlp", mode, seed, epochs: Number(values.epochs), trainSubset: 1000, testSubset: 1000 });
const flags = modeFlags(mode);
const dataset = await loadDataset("fashion-mnist", { trainSubset: config.trainSubset!, testSubset: config.testSubset!, seed });
const orderSeeds = Array.from({ length: runs }, (_, k) => (k === 0 ? seed : 1000 * seed + k));

function pytorch(): Outcome[] | string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "minima-divergence-"));
  try {
    const file = (name: string, bytes: Uint8Array) => {
      writeFileSync(path.join(dir, name), bytes);
      return path.join(dir, name);
    };
    const spec = {
      checkpoint: path.resolve(values.init!),
      train_images: file("train-x.bin", dataset.train.images),
      train_labels: file("train-y.bin", dataset.train.labels),
      test_images: file("test-x.bin", dataset.test.images),
      test_labels: file("test-y.bin", dataset.test.labels),
      height: dataset.height,
      width: dataset.width,
      mean: dataset.mean[0],
      std: dataset.std[0],
      pad: cropPadding(dataset),
      augment: flags.augment,
      lr: config.lr,
      momentum: flags.momentum ? config.momentum : 0,
      weight_decay: flags.l2 ? config.weightDecay : 0,
      milestones: config.milestones,
      gamma: config.gamma,
      epochs: config.epochs,
      batch_size: config.batchSize,
      order_seeds: orderSeeds,
      threads: os.availableParallelism(),
    };
    const specFile = file("spec.json", Buffer.from(JSON.stringify(spec)));
    const script = fileURLToPath(new URL("./torch_train_mlp.py", import.meta.url));
    const child = spawnSync("python3", [script, specFile], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (child.status !== 0) return `PyTorch not measured: ${(child.stderr || child.error?.message || "python3 failed").trim().split("\n").at(-1)} (pip install torch)`;
    return child.stdout
      .trim()
      .split("\n")
      .map((line) => {
        const r = JSON.parse(line) as { train_acc?: number; test_acc?: number; diverged_at_epoch?: number };
        return r.diverged_at_epoch !== undefined ? { divergedAtEpoch: r.diverged_at_epoch } : { trainAcc: r.train_acc!, testAcc: r.test_acc! };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function minima(): Promise<Outcome[]> {
  const engine = await initEngine();
  const outcomes: Outcome[] = [];
  for (const orderSeed of orderSeeds) {
    // The config's seed draws the data order and augmentation; the weights come from --init.
    const out = mkdtempSync(path.join(os.tmpdir(), "minima-divergence-"));
    try {
      const result = await trainImage(
        { ...config, seed: orderSeed, evalEvery: config.epochs, checkpointEvery: config.epochs },
        { dataset, initialCheckpoint: path.resolve(values.init!), checkpointDir: (name) => path.join(out, name), backend: engine.backend },
      );
      outcomes.push({ trainAcc: result.trainAcc, testAcc: result.testAcc });
    } catch (error) {
      const epoch = error instanceof TrainingError ? /became \S+ at epoch (\d+)/.exec(error.message)?.[1] : undefined;
      if (epoch === undefined) throw error;
      outcomes.push({ divergedAtEpoch: Number(epoch) });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return outcomes;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
function summary(name: string, outcomes: Outcome[]): string {
  const diverged = outcomes.filter((o) => o.divergedAtEpoch !== undefined);
  const finished = outcomes.filter((o) => o.trainAcc !== undefined);
  const collapsed = finished.filter((o) => o.trainAcc! < collapsedBelow);
  const healthy = finished.filter((o) => o.trainAcc! >= collapsedBelow);
  const trains = finished.map((o) => o.trainAcc!).sort((a, b) => a - b);
  const meanTest = healthy.length ? healthy.reduce((a, o) => a + o.testAcc!, 0) / healthy.length : NaN;
  return [
    `| ${name} | ${outcomes.length} | ${diverged.length}${diverged.length ? ` (epochs ${diverged.map((o) => o.divergedAtEpoch).join(", ")})` : ""} | ${collapsed.length} |`,
    `${trains.length ? `${pct(trains[0]!)} / ${pct(trains[Math.floor(trains.length / 2)]!)} / ${pct(trains.at(-1)!)}` : "–"} |`,
    `${healthy.length ? pct(meanTest) : "–"} |`,
  ].join(" ");
}

console.log(`${mode} from ${values.init}, seed ${seed} (subsets), ${config.epochs} epochs, lr ${config.lr} ÷${1 / config.gamma} at ${config.milestones.join(", ")}; ${runs} data orders per engine`);
const torch = pytorch();
const ours = await minima();
console.log(`\n| engine | runs | diverged (loss not finite) | collapsed (train < ${values.collapsed}%) | final train accuracy, min / median / max | mean test accuracy of the rest |`);
console.log("|---|---:|---:|---:|---|---:|");
console.log(summary("minima (tfjs)", ours));
console.log(typeof torch === "string" ? `| PyTorch | ${torch} | | | | |` : summary("PyTorch", torch));
