import * as tf from "@tensorflow/tfjs";
import { makeBatch, type ImageDataset, type ImageSplit } from "../data/index.ts";
import { Rng } from "../rng.ts";

/** The PyTorch FGSM tutorial's ε grid, which the paper's name for the attack points to (reference-spec §5). */
export const FGSM_EPSILONS: readonly number[] = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];

export interface FgsmOptions {
  /** Perturbation sizes in [0,1] pixel units; FGSM_EPSILONS by default. */
  epsilons?: readonly number[];
  /** Images per gradient pass (default 250). */
  batchSize?: number;
  /** Which split to attack; the paper plots test accuracy (default "test"). */
  split?: "test" | "train";
}

export interface FgsmPoint {
  epsilon: number;
  /** Share of the split classified correctly after the attack, 0–1. */
  accuracy: number;
}

/**
 * Accuracy under the Fast Gradient Sign attack x' = clip(x + ε·sign(∇ₓ CE), 0, 1), in [0,1] pixel
 * space: minima normalizes in the data pipeline, not inside the model, so each batch is attacked
 * as pixels and renormalized before the model sees it. Attacking the normalized input directly
 * would measure ε in std units, ≈5× larger in pixels (reference-spec §5). The model runs in
 * inference mode (BN running statistics), so images do not affect each other's gradients. No
 * randomness: the same model and split give the same numbers.
 */
export function fgsmAccuracy(model: tf.LayersModel, dataset: ImageDataset, options: FgsmOptions = {}): FgsmPoint[] {
  const epsilons = options.epsilons ?? FGSM_EPSILONS;
  const batchSize = options.batchSize ?? 250;
  const split = options.split === "train" ? dataset.train : dataset.test;
  checkFits(model, dataset);
  for (const e of epsilons) {
    if (!(Number.isFinite(e) && e >= 0 && e <= 1)) throw new RangeError(`FGSM ε must be in [0, 1] (pixel units); got ${e}.`);
  }
  if (split.size === 0) throw new RangeError(`The ${options.split ?? "test"} split of ${dataset.name} is empty; there is nothing to attack.`);
  const correct = new Array<number>(epsilons.length).fill(0);
  const rng = new Rng(0); // makeBatch's signature needs one; without augmentation it draws nothing
  for (let start = 0; start < split.size; start += batchSize) {
    const indices = Uint32Array.from({ length: Math.min(batchSize, split.size - start) }, (_, i) => start + i);
    const clean = makeBatch(dataset, split, indices, { augment: false, rng });
    const signs = gradientSigns(model, dataset, clean.x, clean.y);
    epsilons.forEach((epsilon, k) => {
      correct[k]! += countCorrect(model, dataset, attacked(dataset, split, indices, signs, epsilon), clean.y);
    });
  }
  return epsilons.map((epsilon, k) => ({ epsilon, accuracy: correct[k]! / split.size }));
}

/**
 * sign(∇ of the summed cross-entropy) with respect to the normalized input. It equals the sign with
 * respect to the pixels: x_n = (x − mean)/std with std > 0, so ∇ₓ = ∇_{x_n}/std, a positive
 * per-channel factor. The sum, not the mean, keeps per-image gradients away from float32 underflow.
 */
export function gradientSigns(model: tf.LayersModel, dataset: ImageDataset, x: Float32Array, y: Int32Array): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor4d(x, [y.length, dataset.height, dataset.width, dataset.channels]);
    const labels = tf.oneHot(tf.tensor1d(y, "int32"), dataset.classes);
    const loss = (xn: tf.Tensor) =>
      tf.losses.softmaxCrossEntropy(labels, model.apply(xn, { training: false }) as tf.Tensor2D, undefined, undefined, tf.Reduction.SUM);
    return tf.sign(tf.grad(loss)(input)).dataSync() as Float32Array;
  });
}

/**
 * The attacked batch, normalized. Computed from the stored bytes in float64 the way makeBatch's
 * table is, so ε = 0 reproduces the clean batch bit for bit (and with it the clean accuracy).
 */
function attacked(dataset: ImageDataset, split: ImageSplit, indices: Uint32Array, signs: Float32Array, epsilon: number): Float32Array {
  const { channels: C, mean, std } = dataset;
  const imageSize = dataset.height * dataset.width * C;
  const out = new Float32Array(indices.length * imageSize);
  for (let b = 0; b < indices.length; b++) {
    const image = split.images.subarray(indices[b]! * imageSize, (indices[b]! + 1) * imageSize);
    const o = b * imageSize;
    for (let i = 0; i < imageSize; i++) {
      const c = i % C;
      const pixel = Math.min(1, Math.max(0, image[i]! / 255 + epsilon * signs[o + i]!));
      out[o + i] = (pixel - mean[c]!) / std[c]!;
    }
  }
  return out;
}

function countCorrect(model: tf.LayersModel, dataset: ImageDataset, x: Float32Array, y: Int32Array): number {
  return tf.tidy(() => {
    const logits = model.predict(tf.tensor4d(x, [y.length, dataset.height, dataset.width, dataset.channels])) as tf.Tensor2D;
    return logits.argMax(1).equal(tf.tensor1d(y, "int32")).sum().dataSync()[0]!;
  });
}

function checkFits(model: tf.LayersModel, dataset: ImageDataset): void {
  const shape = model.inputs[0]?.shape.slice(1) ?? [];
  const classes = model.outputs[0]?.shape.at(-1);
  const wanted = [dataset.height, dataset.width, dataset.channels];
  if (shape.join("x") !== wanted.join("x") || classes !== dataset.classes) {
    throw new RangeError(
      `The model takes ${shape.join("×")} images and gives ${classes} classes, but ${dataset.name} has ${wanted.join("×")} images and ${dataset.classes} classes; ` +
        "attack the model with the dataset it was trained on.",
    );
  }
}
