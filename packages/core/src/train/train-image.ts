import { epochPoints, type EpochMetricName, type MetricPoint } from "@minima/metrics";
import * as tf from "@tensorflow/tfjs";
import { buildConfusionSet, makeBatch, type ImageDataset, type ImageSplit } from "../data/index.ts";
import { softmaxCrossEntropy } from "../engine/fused/index.ts";
import { buildModel, trainingForward, type ModelName } from "../models/index.ts";
import { Sgd } from "../optim/sgd.ts";
import { Rng } from "../rng.ts";
import { TrainingError } from "../toy/train-toy.ts";
import { explainOutOfMemory } from "./out-of-memory.ts";
import { configHash, loadCheckpoint, saveCheckpoint, setModelWeights, type CheckpointMeta } from "./checkpoint.ts";
import type { ImageRunConfig } from "./image-config.ts";
import { learningRate, modeFlags } from "./modes.ts";

export interface ImageHooks {
  dataset: ImageDataset;
  /** Checkpoint folder to start from when `config.start` is "dependency" (a pre-trained W0^A). */
  initialCheckpoint?: string | undefined;
  /** Checkpoint folder to resume from: the run continues exactly where it stopped. */
  resumeFrom?: string | undefined;
  /** Where the checkpoint of `name` ("epoch-0", "epoch-25", "final") goes. */
  checkpointDir: (name: string) => string;
  onEpoch?: ((points: MetricPoint[], epoch: number) => void | Promise<void>) | undefined;
  onCheckpoint?: ((name: string, meta: CheckpointMeta) => void | Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
  backend?: string;
}

export interface ImageResult {
  epochs: number;
  stoppedEarly: boolean;
  trainAcc: number;
  testAcc: number;
}

/**
 * Accuracy and mean cross-entropy of a split in eval mode (BN running statistics), optionally
 * through the training transform (the authors' "train accuracy", reference-spec §5).
 */
function evaluate(model: tf.LayersModel, dataset: ImageDataset, split: ImageSplit, batchSize: number, augment = false): { acc: number; loss: number } {
  let correct = 0;
  let lossSum = 0;
  const rng = new Rng(0);
  const order = Uint32Array.from({ length: split.size }, (_, i) => i);
  for (let start = 0; start < split.size; start += batchSize) {
    const batch = makeBatch(dataset, split, order.subarray(start, Math.min(split.size, start + batchSize)), { augment, rng });
    const [c, l] = tf.tidy(() => {
      const x = tf.tensor4d(batch.x, [batch.size, dataset.height, dataset.width, dataset.channels]);
      const y = tf.tensor1d(batch.y, "int32");
      const logits = model.predict(x) as tf.Tensor2D;
      const hits = logits.argMax(1).equal(y).sum();
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(y, dataset.classes), logits, undefined, undefined, tf.Reduction.SUM);
      return [hits.dataSync()[0]!, loss.dataSync()[0]!];
    });
    correct += c;
    lossSum += l;
  }
  // The authors' evaluation divides a sum of batch means by N (≈ loss/128, reference-spec §5);
  // minima reports the true mean.
  return { acc: correct / split.size, loss: lossSum / split.size };
}

/**
 * Trains one image run: Algorithm 1's pre-training (vanilla SGD on the confusion set until
 * ≥ stopAt.accuracy, checked every stopAt.every epochs) or training in one of the eight modes.
 * Checkpoints at epoch 0, every `checkpointEvery` epochs and at the end hold everything needed
 * to resume exactly: weights (BN statistics too), momentum buffers, data-order RNG, epoch, step.
 */
export async function trainImage(config: ImageRunConfig, hooks: ImageHooks): Promise<ImageResult> {
  const { dataset } = hooks;
  const flags = modeFlags(config.mode);
  const trainSplit = config.phase === "pretrain" ? buildConfusionSet(dataset, config.confusion!) : dataset.train;
  const model = buildModel(config.model as ModelName, {
    inputShape: [dataset.height, dataset.width, dataset.channels],
    classes: dataset.classes,
    init: config.init,
    seed: config.seed,
    width: config.width,
  });
  const sgd = new Sgd({ lr: config.lr, momentum: flags.momentum ? config.momentum : 0, weightDecay: flags.l2 ? config.weightDecay : 0 });
  const params = new Map(model.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable]));
  let rng = new Rng(config.seed);
  let firstEpoch = 1;
  let step = 0;
  const hash = configHash(config);

  const checkpoint = async (name: string, epoch: number) => {
    const meta: CheckpointMeta = {
      epoch,
      step,
      phase: config.phase,
      lr: learningRate(config, epoch + 1),
      seed: config.seed,
      backend: hooks.backend ?? tf.getBackend(),
      configHash: hash,
      rngState: rng.state(),
      extra: {},
    };
    await saveCheckpoint(hooks.checkpointDir(name), model, sgd.slots(), meta);
    await hooks.onCheckpoint?.(name, meta);
  };

  try {
    if (hooks.resumeFrom) {
      const saved = loadCheckpoint(hooks.resumeFrom);
      if (saved.meta.configHash !== hash) {
        throw new TrainingError(`Checkpoint ${hooks.resumeFrom} belongs to another configuration; it cannot resume this run.`);
      }
      setModelWeights(model, saved.weights, hooks.resumeFrom);
      sgd.restoreSlots(saved.optimizerSlots);
      rng = new Rng(saved.meta.rngState);
      firstEpoch = saved.meta.epoch + 1;
      step = saved.meta.step;
    } else {
      if (config.start === "dependency") {
        if (!hooks.initialCheckpoint) throw new TrainingError("This run starts from a pre-trained model, but no checkpoint was given.");
        setModelWeights(model, loadCheckpoint(hooks.initialCheckpoint).weights, hooks.initialCheckpoint);
      }
      await checkpoint("epoch-0", 0);
    }

    let trainAcc = 0;
    let testAcc = 0;
    let lastEpoch = firstEpoch - 1;
    let stoppedEarly = false;
    for (let epoch = firstEpoch; epoch <= config.epochs; epoch++) {
      if (hooks.signal?.aborted) throw new TrainingError("cancelled");
      sgd.lr = learningRate(config, epoch);
      const order = rng.permutation(trainSplit.size);
      let seen = 0;
      let hits = 0;
      let lossSum = 0;
      for (let start = 0; start < trainSplit.size; start += config.batchSize) {
        const batch = makeBatch(dataset, trainSplit, order.subarray(start, Math.min(trainSplit.size, start + config.batchSize)), {
          augment: flags.augment && config.phase === "train",
          rng,
        });
        const [loss, correct] = tf.tidy(() => {
          const x = tf.tensor4d(batch.x, [batch.size, dataset.height, dataset.width, dataset.channels]);
          const y = tf.tensor1d(batch.y, "int32");
          // The gradient pass disposes what the loss function made except the loss: keep the hit count.
          let hits: tf.Tensor | null = null;
          const value = sgd.minimize(params, () => {
            const logits = trainingForward(model, x) as tf.Tensor2D;
            hits = tf.keep(logits.argMax(1).equal(y).sum());
            return softmaxCrossEntropy(tf.oneHot(y, dataset.classes), logits);
          });
          const correct = hits!.dataSync()[0]!;
          hits!.dispose();
          return [value.dataSync()[0]!, correct];
        });
        if (!Number.isFinite(loss)) throw new TrainingError(`The training loss became ${loss} at epoch ${epoch}, step ${step + 1}; the run is stopped.`);
        lossSum += loss * batch.size;
        hits += correct;
        seen += batch.size;
        step++;
      }
      lastEpoch = epoch;
      // During the epoch: the running accuracy and loss of the training steps (train mode).
      const values: Partial<Record<EpochMetricName, number>> = { train_acc: hits / seen, train_loss: lossSum / seen, lr: sgd.lr };
      if (epoch % config.evalEvery === 0 || epoch === config.epochs) {
        const test = evaluate(model, dataset, dataset.test, 500);
        testAcc = test.acc;
        Object.assign(values, { test_acc: test.acc, test_loss: test.loss });
      }
      if (epoch === config.epochs && config.phase === "train") {
        // Table 2's train accuracy, measured as the authors did: eval mode, over the train
        // loader with its training transform (so under DA on cropped/flipped images).
        const final = evaluate(model, dataset, trainSplit, 500, flags.augment);
        Object.assign(values, { train_acc: final.acc, train_loss: final.loss });
      }
      if (config.stopAt && epoch % config.stopAt.every === 0) {
        // The authors check in eval mode on the (un-augmented) confusion set.
        const fit = evaluate(model, dataset, trainSplit, 500).acc;
        values.train_acc = fit;
        if (fit >= config.stopAt.accuracy) stoppedEarly = true;
      }
      trainAcc = values.train_acc!;
      await hooks.onEpoch?.(epochPoints(config.phase, epoch, step, values), epoch);
      if (stoppedEarly) break;
      if (epoch % config.checkpointEvery === 0 && epoch !== config.epochs) await checkpoint(`epoch-${epoch}`, epoch);
    }
    await checkpoint("final", lastEpoch);
    return { epochs: lastEpoch, stoppedEarly, trainAcc, testAcc };
  } catch (error) {
    throw explainOutOfMemory(error, { model: config.model, width: config.width, batchSize: config.batchSize, backend: hooks.backend ?? tf.getBackend() });
  } finally {
    sgd.dispose();
    model.dispose();
  }
}
