import * as tf from "@tensorflow/tfjs";
import { fusedKernelsActive } from "./fusion.ts";
import { NativeOps } from "./native-op.ts";

/**
 * The mean softmax cross-entropy of `logits` [n, classes] against `labels` (one-hot or soft), as
 * tf.losses.softmaxCrossEntropy computes it by default. On the native backend it is TensorFlow's
 * SoftmaxCrossEntropyWithLogits, which returns each example's loss and its gradient in one op,
 * where tfjs builds both from about forty small ops; the labels get no gradient.
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  if (!fusedKernelsActive() || logits.rank !== 2) return tf.losses.softmaxCrossEntropy(labels, logits);
  const ops = new NativeOps();
  const n = logits.shape[0];
  // tf.oneHot gives int32; tfjs's loss casts too.
  const targets = labels.dtype === "float32" ? labels : tf.cast(labels, "float32");
  const loss = tf.customGrad((z, save) => {
    const [perExample, backprop] = ops.runMany("SoftmaxCrossEntropyWithLogits", [ops.float32Type("T")], [z as tf.Tensor, targets], 2) as [tf.Tensor1D, tf.Tensor2D];
    (save as tf.GradSaveFunc)([backprop]);
    const value = tf.mean(perExample);
    perExample.dispose();
    return { value, gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(saved!, tf.div(dy, n)) };
  });
  const value = loss(logits) as tf.Scalar;
  if (targets !== labels) targets.dispose();
  return value;
}
