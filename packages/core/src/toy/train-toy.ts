import { epochPoints, type DecisionRaster, type LabelledPoint, type MetricPoint } from "@minima/metrics";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../rng.ts";
import { configHash } from "../train/checkpoint.ts";
import { decisionRaster } from "./decision-raster.ts";
import { loadToyCheckpoint, saveToyCheckpoint, type ToyCheckpoint, type ToyCheckpointMeta } from "./toy-checkpoint.ts";
import type { ToyRunConfig } from "./toy-config.ts";
import { augmentWithNoise, makeToyData, type ToySet } from "./toy-data.ts";
import { evaluate, trainEpoch } from "./toy-epoch.ts";
import { toyInit, type NamedWeights } from "./toy-mlp.ts";
import { chooseToyStep, makeToyTrainer, type ToyStep, type ToyTrainer } from "./toy-trainer.ts";

export interface ToyHooks {
  /** Weights to start from when `config.init` is "dependency". */
  initialWeights?: NamedWeights | undefined;
  /** A checkpoint of this run (see `stop`) to continue from, exactly where it stopped. */
  resumeFrom?: string | undefined;
  /** Called with each logged epoch's metrics; may be async (e.g. to flush IPC). */
  onEpoch?: ((points: MetricPoint[], epoch: number) => void | Promise<void>) | undefined;
  /** Cancel: the run ends before its next epoch with TrainingError("cancelled"), saving nothing. */
  signal?: AbortSignal | undefined;
  /** Pause and shutdown: stop after an epoch with a checkpoint to continue from. */
  stop?: ToyStop | undefined;
  /** How to take a step; by default the checkpoint's when resuming, else the fastest measured (see toy-trainer.ts). */
  step?: ToyStep | undefined;
}

/**
 * How a toy run is asked to stop so that it can continue later. Its epochs take milliseconds, so
 * it writes a checkpoint only then: after the first epoch for which `requested` says yes, it saves
 * one to `checkpointDir("epoch-N")`, reports it, and ends with TrainingStopped.
 */
export interface ToyStop {
  /** Asked after every epoch but the last (a run asked at its last epoch just finishes). */
  requested(epoch: number): boolean;
  checkpointDir(name: string): string;
  onCheckpoint?: ((name: string, meta: ToyCheckpointMeta) => void | Promise<void>) | undefined;
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

/** A run that stopped as asked (ToyStop), its checkpoint written. */
export class TrainingStopped extends Error {
  constructor(
    readonly epoch: number,
    readonly checkpoint: string,
  ) {
    super(`Stopped as asked after epoch ${epoch}; resume it from its checkpoint ${checkpoint}.`);
  }
}

/** Where the loop stands after an epoch: what a checkpoint holds besides weights, velocity, lr and generator. */
interface Progress {
  epoch: number;
  step: number;
  /** The plateau rule's best train accuracy so far, and the epochs since it improved. */
  best: number;
  sinceBest: number;
}

/** The checkpoint `resumeFrom` names, refused if another configuration wrote it. */
function resumePoint(dir: string, config: ToyRunConfig): ToyCheckpoint {
  const saved = loadToyCheckpoint(dir);
  if (saved.meta.configHash !== configHash(config)) {
    throw new TrainingError(`Checkpoint ${dir} belongs to another configuration; it cannot resume this run. Start the run from scratch instead.`);
  }
  return saved;
}

async function saveAndStop(trainer: ToyTrainer, rng: Rng, at: Progress, config: ToyRunConfig, stop: ToyStop): Promise<never> {
  const name = `epoch-${at.epoch}`;
  const dir = stop.checkpointDir(name);
  const meta: ToyCheckpointMeta = {
    epoch: at.epoch,
    step: at.step,
    phase: "train",
    lr: trainer.lr,
    seed: config.seed,
    backend: tf.getBackend(),
    configHash: configHash(config),
    rngState: rng.state(),
    toyStep: trainer.step,
    extra: { best: at.best, sinceBest: at.sinceBest },
  };
  saveToyCheckpoint(dir, { weights: trainer.weights(), velocity: trainer.velocity(), meta });
  await stop.onCheckpoint?.(name, meta);
  throw new TrainingStopped(at.epoch, dir);
}

/**
 * Trains one Figure 1 run on the active backend and returns its minimum and decision raster.
 * Stopped (hooks.stop) and resumed (hooks.resumeFrom), it ends bit for bit where an uninterrupted
 * run does: weights, momentum, lr, plateau counters, step and the generator's state are restored.
 */
export async function trainToy(config: ToyRunConfig, hooks: ToyHooks = {}): Promise<ToyResult> {
  const data = makeToyData(config.dataSeed);
  const labels = config.labels === "random" ? data.randomLabels : data.train.y;
  const base: ToySet = { x: data.train.x, y: labels, size: data.train.size };
  // The noise is drawn first from the run's generator: a resumed run draws the same again from
  // the seed, then continues with the generator's saved state.
  let rng = new Rng(config.seed);
  const train = config.augment ? augmentWithNoise(base, config.augment.copies, config.augment.std, rng) : base;

  const saved = hooks.resumeFrom ? resumePoint(hooks.resumeFrom, config) : null;
  if (!saved && config.init === "dependency" && !hooks.initialWeights) {
    throw new TrainingError("This run starts from another run's weights, but none were given.");
  }
  const initial = saved?.weights ?? (config.init === "dependency" ? hooks.initialWeights! : toyInit(config.seed));
  const step = hooks.step ?? saved?.meta.toyStep ?? chooseToyStep();
  const trainer = makeToyTrainer(step, initial, { lr: config.lr, momentum: config.momentum, weightDecay: config.weightDecay });
  const at: Progress = saved
    ? { epoch: saved.meta.epoch, step: saved.meta.step, best: saved.meta.extra.best, sinceBest: saved.meta.extra.sinceBest }
    : { epoch: 0, step: 0, best: -1, sinceBest: 0 };
  if (saved) rng = new Rng(saved.meta.rngState);
  try {
    if (saved) {
      trainer.restoreVelocity(saved.velocity);
      trainer.lr = saved.meta.lr;
    }
    for (let epoch = at.epoch + 1; epoch <= config.epochs; epoch++) {
      if (hooks.signal?.aborted) throw new TrainingError("cancelled");
      at.step += trainEpoch(trainer, train, rng, config);
      at.epoch = epoch;
      const logged = epoch % config.logEvery === 0 || epoch === config.epochs;
      if (config.plateau || logged) {
        const trainEval = evaluate(trainer, base, labels);
        if (!Number.isFinite(trainEval.loss)) {
          throw new TrainingError(`The training loss became ${trainEval.loss} at epoch ${epoch}; the run is stopped.`);
        }
        if (config.plateau) {
          if (trainEval.acc > at.best) [at.best, at.sinceBest] = [trainEval.acc, 0];
          else if (++at.sinceBest >= config.plateau.patience) [trainer.lr, at.sinceBest] = [trainer.lr * config.plateau.factor, 0];
        }
        if (logged) {
          const testEval = evaluate(trainer, data.test, data.test.y);
          const values = { train_acc: trainEval.acc, train_loss: trainEval.loss, test_acc: testEval.acc, test_loss: testEval.loss, lr: trainer.lr };
          await hooks.onEpoch?.(epochPoints("train", epoch, at.step, values), epoch);
        }
      }
      if (hooks.stop && epoch < config.epochs && hooks.stop.requested(epoch)) await saveAndStop(trainer, rng, at, config, hooks.stop);
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
