import * as tf from "@tensorflow/tfjs";
import { batchNormTrainingFused, batchNormTrainingPortable, type BatchNormState } from "./batch-norm-training.ts";
import { fusedKernelsActive } from "./fusion.ts";

export interface FusedBatchNormalizationArgs {
  name: string;
  /** tfjs's convention: the share of the old running average kept (PyTorch's 0.1 is 0.9). */
  momentum: number;
  epsilon: number;
  trainable?: boolean;
}

type Kwargs = Record<string, unknown>;

/**
 * PyTorch's BatchNorm over the last axis. Its weights are tfjs BatchNormalization's, same names
 * and order (gamma, beta, moving_mean, moving_variance), so checkpoints load either way. In
 * training it runs TensorFlow's fused kernels on the native backend (portable ops elsewhere or
 * with fusion off) and keeps PyTorch's unbiased running variance.
 */
export class FusedBatchNormalization extends tf.layers.Layer {
  static className = "FusedBatchNormalization";
  private readonly momentum: number;
  private readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(args: FusedBatchNormalizationArgs) {
    super(args);
    this.momentum = args.momentum;
    this.epsilon = args.epsilon;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error(`Batch norm layer "${this.name}" needs a known channel count, got shape [${shape.join(", ")}].`);
    this.gamma = this.addWeight("gamma", [channels], "float32", tf.initializers.ones(), undefined, true);
    this.beta = this.addWeight("beta", [channels], "float32", tf.initializers.zeros(), undefined, true);
    this.movingMean = this.addWeight("moving_mean", [channels], "float32", tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight("moving_variance", [channels], "float32", tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [gamma, beta, movingMean, movingVariance] = [this.gamma!, this.beta!, this.movingMean!, this.movingVariance!].map((v) => v.read() as tf.Tensor1D) as [
        tf.Tensor1D,
        tf.Tensor1D,
        tf.Tensor1D,
        tf.Tensor1D,
      ];
      if (kwargs.training !== true) return tf.batchNorm(x, movingMean, movingVariance, beta, gamma, this.epsilon);
      const state: BatchNormState = {
        gamma,
        beta,
        movingMean,
        movingVariance,
        momentum: this.momentum,
        epsilon: this.epsilon,
        updateMovingStats: (mean, variance) => {
          this.movingMean!.write(mean);
          this.movingVariance!.write(variance);
        },
      };
      return fusedKernelsActive() ? batchNormTrainingFused(x, state) : batchNormTrainingPortable(x, state);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}

// tfjs finds a layer class by name when it loads a saved model; registering a class is tfjs's
// documented idiom for custom layers and has no other effect.
tf.serialization.registerClass(FusedBatchNormalization);
