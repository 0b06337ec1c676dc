import type { Rng } from "../rng.ts";
import type { ToyRunConfig } from "./toy-config.ts";
import type { ToySet } from "./toy-data.ts";
import type { ToyTrainer } from "./toy-trainer.ts";

/** Accuracy (logit > 0 means class 1) and mean binary cross-entropy of a set. */
export function evaluate(trainer: ToyTrainer, set: ToySet, labels: Float32Array): { acc: number; loss: number } {
  const logits = trainer.logits(set.x, set.size);
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < set.size; i++) {
    const z = logits[i]!;
    if ((z > 0 ? 1 : 0) === labels[i]) correct++;
    loss += Math.max(z, 0) - z * labels[i]! + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return { acc: correct / set.size, loss: loss / set.size };
}

/** One pass over `train` in the generator's order, in batches; returns the steps taken. */
export function trainEpoch(trainer: ToyTrainer, train: ToySet, rng: Rng, config: ToyRunConfig): number {
  const xs = new Float32Array(train.size * 2);
  const ys = new Float32Array(train.size);
  const order = rng.permutation(train.size);
  for (let i = 0; i < train.size; i++) {
    xs[2 * i] = train.x[2 * order[i]!]!;
    xs[2 * i + 1] = train.x[2 * order[i]! + 1]!;
    ys[i] = train.y[order[i]!]!;
  }
  let steps = 0;
  for (let start = 0; start < train.size; start += config.batchSize) {
    const end = Math.min(train.size, start + config.batchSize);
    trainer.trainStep(xs.subarray(2 * start, 2 * end), ys.subarray(start, end), end - start, config.lossReduction);
    steps++;
  }
  return steps;
}
