import * as tf from "@tensorflow/tfjs";
import { NativeOps } from "./native-op.ts";

export interface BatchNormState {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
  movingMean: tf.Tensor1D;
  movingVariance: tf.Tensor1D;
  /** tfjs's convention: the share of the old running average kept (PyTorch's 0.1 is 0.9). */
  momentum: number;
  epsilon: number;
  /** Receives the new running mean and variance; called once per forward pass. */
  updateMovingStats(mean: tf.Tensor1D, variance: tf.Tensor1D): void;
}

/**
 * Training-mode batch norm over every axis but the last with PyTorch's running statistics:
 * running ← momentum·running + (1 − momentum)·batch, the variance unbiased (n/(n−1)), where tfjs's
 * own layer keeps the biased one. Portable tfjs ops; the gradient is tfjs's (moments + batchNorm).
 */
export function batchNormTrainingPortable(x: tf.Tensor, state: BatchNormState): tf.Tensor {
  const axes = x.shape.map((_, i) => i).slice(0, -1);
  const { mean, variance } = tf.moments(x, axes);
  const count = x.size / x.shape[x.rank - 1]!;
  tf.tidy(() => {
    const keep = state.momentum;
    const unbiased = variance.mul(count / Math.max(1, count - 1));
    state.updateMovingStats(
      state.movingMean.mul(keep).add(mean.mul(1 - keep)),
      state.movingVariance.mul(keep).add(unbiased.mul(1 - keep)),
    );
  });
  return tf.batchNorm(x, mean, variance, state.beta, state.gamma, state.epsilon);
}

/**
 * The same computation as one TensorFlow FusedBatchNormV3 (is_training, exponential_avg_factor
 * = 1 − momentum, so it returns the new running statistics, variance Bessel-corrected) and its
 * gradient as one FusedBatchNormGradV3, where tfjs builds both from a dozen full-size ops.
 * Native backend only. Inputs of any rank are viewed as NHWC [n, 1, 1, C].
 */
export function batchNormTrainingFused(x: tf.Tensor, state: BatchNormState): tf.Tensor {
  const ops = new NativeOps();
  const channels = x.shape[x.rank - 1]!;
  const x4 = x.rank === 4 ? (x as tf.Tensor4D) : x.reshape<tf.Tensor4D>([-1, 1, 1, channels]);
  const common = [ops.float32Type("T"), ops.float32Type("U"), ops.float("epsilon", state.epsilon), ops.string("data_format", "NHWC"), ops.bool("is_training", true)];
  const forward = tf.customGrad((input, gamma, beta, save) => {
    const [y, mean, variance, reserve1, reserve2, reserve3] = ops.runMany(
      "FusedBatchNormV3",
      [...common, ops.float("exponential_avg_factor", 1 - state.momentum)],
      [input as tf.Tensor, gamma as tf.Tensor, beta as tf.Tensor, state.movingMean, state.movingVariance],
      6,
    ) as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor, tf.Tensor, tf.Tensor];
    state.updateMovingStats(mean, variance);
    (save as tf.GradSaveFunc)([input as tf.Tensor, gamma as tf.Tensor, reserve1, reserve2, reserve3]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedX, savedGamma, r1, r2, r3] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const [dx, dGamma, dBeta, unused4, unused5] = ops.runMany("FusedBatchNormGradV3", common, [dy, savedX, savedGamma, r1, r2, r3], 5) as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
        ];
        tf.dispose([unused4, unused5]);
        return [dx, dGamma, dBeta];
      },
    };
  });
  const y = forward(x4, state.gamma, state.beta);
  return x.rank === 4 ? y : y.reshape(x.shape);
}
