import { epochPoints, FIGURE1_PLANE, type DecisionRaster, type LabelledPoint, type MetricPoint } from "@minima/metrics";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../rng.ts";
import type { ToyRunConfig } from "./toy-config.ts";
import { augmentWithNoise, makeToyData, type ToySet } from "./toy-data.ts";
import { ToyMlp, toyInit, type NamedWeights } from "./toy-mlp.ts";
import { chooseToyStep, makeToyTrainer, type ToyStep, type ToyTrainer } from "./toy-trainer.ts";

export interface ToyHooks {
  /** Weights to start from when `config.init` is "dependency". */
  initialWeights?: NamedWeights | undefined;
  /** Called with each logged epoch's metrics; may be async (e.g. to flush IPC). */
  onEpoch?: ((points: MetricPoint[], epoch: number) => void | Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
  /** How to take a step; by default the fastest measured (see toy-trainer.ts). */
  step?: ToyStep | undefined;
}

export interface ToyResult {
  weights: NamedWeights;
  raster: DecisionRaster;
  /** The training points with the labels this run was trained on. */
  points: LabelledPoint[];
  trainAcc: number;
  testAcc: number;
  /** How the steps were taken ("js" or "tfjs"). */
  step: ToyStep;
}

export class TrainingError extends Error {}

/** Accuracy (logit > 0 means class 1) and mean binary cross-entropy of a set. */
function evaluate(trainer: ToyTrainer, set: ToySet, labels: Float32Array): { acc: number; loss: number } {
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

/** Trains one Figure 1 run on the active backend and returns its minimum and decision raster. */
export async function trainToy(config: ToyRunConfig, hooks: ToyHooks = {}): Promise<ToyResult> {
  const data = makeToyData(config.dataSeed);
  const rng = new Rng(config.seed);
  const labels = config.labels === "random" ? data.randomLabels : data.train.y;
  const base: ToySet = { x: data.train.x, y: labels, size: data.train.size };
  const train = config.augment ? augmentWithNoise(base, config.augment.copies, config.augment.std, rng) : base;

  if (config.init === "dependency" && !hooks.initialWeights) {
    throw new TrainingError("This run starts from another run's weights, but none were given.");
  }
  const initial = config.init === "dependency" ? hooks.initialWeights! : toyInit(config.seed);
  const trainer = makeToyTrainer(hooks.step ?? chooseToyStep(), initial, { lr: config.lr, momentum: config.momentum, weightDecay: config.weightDecay });
  const xs = new Float32Array(train.size * 2);
  const ys = new Float32Array(train.size);
  let step = 0;
  let best = -1;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      if (hooks.signal?.aborted) throw new TrainingError("cancelled");
      const order = rng.permutation(train.size);
      for (let i = 0; i < train.size; i++) {
        xs[2 * i] = train.x[2 * order[i]!]!;
        xs[2 * i + 1] = train.x[2 * order[i]! + 1]!;
        ys[i] = train.y[order[i]!]!;
      }
      for (let start = 0; start < train.size; start += config.batchSize) {
        const end = Math.min(train.size, start + config.batchSize);
        trainer.trainStep(xs.subarray(2 * start, 2 * end), ys.subarray(start, end), end - start, config.lossReduction);
        step++;
      }
      const logged = epoch % config.logEvery === 0 || epoch === config.epochs;
      if (config.plateau || logged) {
        const trainEval = evaluate(trainer, base, labels);
        if (!Number.isFinite(trainEval.loss)) {
          throw new TrainingError(`The training loss became ${trainEval.loss} at epoch ${epoch}; the run is stopped.`);
        }
        if (config.plateau) {
          if (trainEval.acc > best) [best, sinceBest] = [trainEval.acc, 0];
          else if (++sinceBest >= config.plateau.patience) [trainer.lr, sinceBest] = [trainer.lr * config.plateau.factor, 0];
        }
        if (logged) {
          const testEval = evaluate(trainer, data.test, data.test.y);
          const values = { train_acc: trainEval.acc, train_loss: trainEval.loss, test_acc: testEval.acc, test_loss: testEval.loss, lr: trainer.lr };
          await hooks.onEpoch?.(epochPoints("train", epoch, step, values), epoch);
        }
      }
    }
    const trainEval = evaluate(trainer, base, labels);
    const testEval = evaluate(trainer, data.test, data.test.y);
    const weights = trainer.weights();
    return {
      weights,
      raster: decisionRaster(weights, config.rasterStep),
      points: Array.from({ length: base.size }, (_, i) => ({
        x: base.x[2 * i]!,
        y: base.x[2 * i + 1]!,
        label: base.y[i] === 1 ? 1 : 0,
      })),
      trainAcc: trainEval.acc,
      testAcc: testEval.acc,
      step: trainer.step,
    };
  } finally {
    trainer.dispose();
  }
}

/**
 * The sigmoid output on Figure 1's plane, every `spacing` in x and y, rounded to 1e-3. Tens of
 * thousands of points once per run: a job for tfjs's matMul whatever the training step.
 */
export function decisionRaster(weights: NamedWeights, spacing: number): DecisionRaster {
  const { xMin, xMax, yMin, yMax } = FIGURE1_PLANE;
  const width = Math.round((xMax - xMin) / spacing) + 1;
  const height = Math.round((yMax - yMin) / spacing) + 1;
  const grid = new Float32Array(width * height * 2);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = row * width + col;
      grid[2 * i] = xMin + ((xMax - xMin) * col) / (width - 1);
      grid[2 * i + 1] = yMin + ((yMax - yMin) * row) / (height - 1);
    }
  }
  const model = new ToyMlp(weights);
  const out = tf.tidy(() => tf.sigmoid(model.logits(tf.tensor2d(grid, [width * height, 2]))).dataSync());
  model.dispose();
  return { width, height, xMin, xMax, yMin, yMax, values: Array.from(out, (v) => Math.round(v * 1000) / 1000) };
}
