import { readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { loadWeights, saveWeights, type NamedWeights } from "../checkpoint/weights-file.ts";
import type { CheckpointMeta } from "../train/checkpoint.ts";
import type { ToyStep } from "./toy-trainer.ts";

/** An image checkpoint's meta.json, plus what only the toy's loop has. */
export interface ToyCheckpointMeta extends CheckpointMeta {
  /** How the steps were taken: the two ways agree to 1e-5, not bit for bit, so a resumed run keeps it. */
  toyStep: ToyStep;
  /** The plateau rule's best train accuracy so far and the epochs since it (Figure 1(b)). */
  extra: { best: number; sinceBest: number };
}

/** Everything a toy run needs to continue exactly; the data-order generator's state is in the meta. */
export interface ToyCheckpoint {
  weights: NamedWeights;
  /** SGD's momentum buffers (ToyTrainer.velocity()). */
  velocity: NamedWeights;
  meta: ToyCheckpointMeta;
}

/**
 * A toy run's checkpoint folder, laid out like Figure 1's final `weights` (saveWeights:
 * weights.json, weights.bin, meta.json) with the momentum buffers in optimizer/, as an image
 * checkpoint keeps them; readCheckpointWeights reads it. Written to a temporary folder and renamed,
 * so a crash mid-write never leaves a half checkpoint under the final name.
 */
export function saveToyCheckpoint(dir: string, checkpoint: ToyCheckpoint): void {
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  saveWeights(partial, checkpoint.weights, { ...checkpoint.meta });
  saveWeights(path.join(partial, "optimizer"), checkpoint.velocity, { kind: "sgd-momentum-buffers" });
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
}

export function loadToyCheckpoint(dir: string): ToyCheckpoint {
  let meta: ToyCheckpointMeta;
  try {
    meta = JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as ToyCheckpointMeta;
  } catch (error) {
    throw new Error(`${dir} is not a readable toy checkpoint (weights.json, meta.json, optimizer/): ${(error as Error).message}`);
  }
  return { weights: loadWeights(dir), velocity: loadWeights(path.join(dir, "optimizer")), meta };
}
