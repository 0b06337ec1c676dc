import * as tf from "@tensorflow/tfjs";
import { fusedKernelsActive } from "./fusion.ts";
import { NativeOps } from "./native-op.ts";

/**
 * Replaces tfjs's ReLU gradient, dy·cast(step(x)) (three full-size eager ops, ≈30% of a ResNet18
 * step), with TensorFlow's single ReluGrad kernel on the native backend. Other backends keep the
 * pure-tfjs formula. tfjs's gradient registry is keyed by kernel name only, so this serves every
 * backend.
 *
 * It keeps the ReLU's output for the backward pass, not its input as tfjs does: y = relu(x) is
 * positive exactly where x is, so the gradient is the same bit for bit, and the output is what the
 * next layer keeps anyway (a conv saves its input). The input, a batch norm's output that nothing
 * else saves, is then freed during the forward pass (trainingForward): PyTorch's in-place ReLU.
 */
export function registerFusedReluGradient(): void {
  tf.registerGradient({
    kernelName: tf.Relu,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [y] = saved as [tf.Tensor];
      const grad = dy as tf.Tensor;
      return {
        x: () => {
          if (!fusedKernelsActive()) return tf.mul(grad, tf.step(y));
          const ops = new NativeOps();
          return ops.run("ReluGrad", [ops.float32Type("T")], [grad, y]);
        },
      };
    },
  });
}
