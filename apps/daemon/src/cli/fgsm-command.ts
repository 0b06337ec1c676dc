import { DATASET_NAMES, FGSM_EPSILONS, fgsmAccuracy, initEngine, loadCheckpointModel, loadDataset, type DatasetName } from "@minima/core";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "./command.ts";

export const fgsmCommand: Command = {
  name: "fgsm",
  usage: `Usage: minima fgsm CKPT --dataset NAME [options]

Attacks an image run's checkpoint with FGSM, x' = clip(x + ε·sign(∇x loss), 0, 1) in [0,1]
pixel space (the data pipeline's Normalize is undone, the step taken, the image renormalized),
and prints the test accuracy at each ε. The model runs in inference mode; nothing is random.

  --dataset NAME        ${DATASET_NAMES.join(", ")} (the one the model was trained on)
  --eps LIST            Comma-separated ε in pixel units [${FGSM_EPSILONS.join(",")}]
  --test-subset N       Attack a class-balanced subset of N test images
  --seed N              Seed of the subset (and of the synthetic set) [the checkpoint's seed, else 0]
  --root DIR            Dataset folder [MINIMA_DATASETS, default ~/.minima/datasets]
  --batch-size N        Images per gradient pass [250]
  --json                Machine-readable output`,
  options: {
    dataset: { type: "string" },
    eps: { type: "string" },
    "test-subset": { type: "string" },
    seed: { type: "string" },
    root: { type: "string" },
    "batch-size": { type: "string" },
    json: { type: "boolean" },
  },
  positionals: { min: 1, max: 1 },
  run: async (values, [dir = ""]) => {
    const s = (name: string) => (typeof values[name] === "string" ? values[name] : undefined);
    let parsed;
    try {
      parsed = parse(s);
    } catch (error) {
      console.error(`minima fgsm: ${(error as Error).message}`);
      return 2;
    }
    const { dataset: name, epsilons, testSubset, batchSize } = parsed;
    try {
      await initEngine();
      const model = await loadCheckpointModel(dir);
      try {
        const seed = parsed.seed ?? checkpointSeed(dir);
        const dataset = await loadDataset(name, { ...(testSubset ? { testSubset } : {}), ...(s("root") ? { root: s("root")! } : {}), seed });
        const points = fgsmAccuracy(model, dataset, { epsilons, batchSize });
        if (values.json) {
          console.log(JSON.stringify({ checkpoint: path.resolve(dir), dataset: name, seed, images: dataset.test.size, points }, null, 2));
        } else {
          console.log(`FGSM on ${name} (${dataset.test.size} test images), ${path.resolve(dir)}`);
          for (const p of points) console.log(`  ε = ${p.epsilon.toFixed(3)}   accuracy ${(100 * p.accuracy).toFixed(2).padStart(6)}%`);
        }
      } finally {
        model.dispose();
      }
      return 0;
    } catch (error) {
      console.error(`minima fgsm: ${(error as Error).message}`);
      return 1;
    }
  },
};

function parse(s: (name: string) => string | undefined) {
  const dataset = s("dataset");
  if (!dataset) throw new Error(`--dataset is required: the dataset the model was trained on (${DATASET_NAMES.join(", ")}).`);
  if (!DATASET_NAMES.includes(dataset as DatasetName)) throw new Error(`unknown dataset "${dataset}"; known: ${DATASET_NAMES.join(", ")}.`);
  const epsilons = s("eps")?.split(",").map((e) => Number(e.trim())) ?? FGSM_EPSILONS;
  if (epsilons.some((e) => !(e >= 0 && e <= 1))) throw new Error(`--eps must list numbers in [0, 1] (pixel units), got "${s("eps")}".`);
  return {
    dataset: dataset as DatasetName,
    epsilons,
    testSubset: whole(s("test-subset"), "test-subset", 1),
    seed: whole(s("seed"), "seed", 0),
    batchSize: whole(s("batch-size"), "batch-size", 1) ?? 250,
  };
}

function whole(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} must be a whole number ≥ ${min}, got "${value}".`);
  return n;
}

/** The run's seed, which chose its test subset; a bare or foreign folder falls back to 0 (loadDataset's default). */
function checkpointSeed(dir: string): number {
  const meta = path.join(dir, "meta.json");
  if (!existsSync(meta)) return 0;
  const seed = (JSON.parse(readFileSync(meta, "utf8")) as { seed?: unknown }).seed;
  return typeof seed === "number" ? seed : 0;
}
