import * as tf from "@tensorflow/tfjs";
import { fusedKernelsActive } from "./fusion.ts";
import { NativeOps, overrideNativeKernel } from "./native-op.ts";

/** Largest H×W at which the flipped forward conv beats TensorFlow's own input gradient. */
const SMALL_MAP = 16;

interface BackpropInputAttrs {
  strides: number | [number, number];
  pad: unknown;
  dataFormat: string;
  dimRoundingMode?: unknown;
  inputShape: [number, number, number, number];
}

/**
 * The input gradient of a stride-1 "same" conv with an odd kernel: the forward conv of the output
 * gradient with the kernel flipped in space and its channels swapped. Native backend only.
 */
export function flippedConvInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  const ops = new NativeOps();
  const flipped = tf.tidy(() => tf.reverse(filter, [0, 1]).transpose([0, 1, 3, 2]));
  const ones = ops.ints("strides", [1, 1, 1, 1]);
  const dx = ops.run(
    "Conv2D",
    [ops.float32Type("T"), ones, { ...ones, name: "dilations" }, ops.string("padding", "SAME"), ops.string("data_format", "NHWC"), ops.bool("use_cudnn_on_gpu", true)],
    [dy, flipped],
  );
  flipped.dispose();
  return dx as tf.Tensor4D;
}

/**
 * TensorFlow's eager Eigen Conv2DBackpropInput is very slow on small feature maps with many
 * channels (measured at batch 32, 512 channels: 2,053 ms at 2×2 and 818 ms at 4×4, against 180
 * and 200 ms for the flipped forward conv; it is faster from 8×8 up), which made it 63% of a VGG16
 * step. So with the Eigen kernels, on maps of at most 4×4 the native backend's kernel is replaced
 * by the flipped conv; everything else keeps the original kernel. oneDNN's own is fast there
 * (11 and 20 ms against 18 and 33 for the flip), so initEngine registers this only without it.
 */
export function registerFlippedConvInputGradient(): void {
  overrideNativeKernel(tf.Conv2DBackpropInput, (args, original) => {
    const { dy, filter } = args.inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
    const attrs = args.attrs as unknown as BackpropInputAttrs;
    const [kh, kw] = filter.shape;
    const [, h, w] = attrs.inputShape;
    const unitStride = attrs.strides === 1 || (Array.isArray(attrs.strides) && attrs.strides[0] === 1 && attrs.strides[1] === 1);
    const flippable = fusedKernelsActive() && unitStride && attrs.pad === "same" && attrs.dataFormat === "NHWC" && kh % 2 === 1 && kw % 2 === 1 && h * w <= SMALL_MAP;
    return flippable ? flippedConvInputGradient(dy, filter) : original(args);
  });
}
