import * as tf from "@tensorflow/tfjs";
import { overrideNativeKernel } from "./fused/native-op.ts";

/**
 * libtensorflow runs its CPU ops through oneDNN when TF_ENABLE_ONEDNN_OPTS=1 at load time. Its C
 * library leaves it off by default, TensorFlow's Python wheel turns it on. On this host it makes
 * training steps faster (`pnpm bench:engine`, 2026-11-26: DenseNet-BC-40 1.74×, small CNN 1.40×,
 * ResNet50 1.39×, ResNet18 1.30×, the MLP 1.22×, VGG16 about the same). minima turns it on unless
 * the variable is already set, so TF_ENABLE_ONEDNN_OPTS=0 is the way back to the Eigen kernels.
 * Must run before the native backend loads: the library reads the variable once.
 */
export function preferOneDnn(): boolean {
  process.env.TF_ENABLE_ONEDNN_OPTS ??= "1";
  // TensorFlow's own reading of the variable: 1 or true, any case.
  return /^(1|true)$/i.test(process.env.TF_ENABLE_ONEDNN_OPTS);
}

interface BackpropFilterAttrs {
  strides: number | [number, number];
  pad: unknown;
  dataFormat: string;
  filterShape: [number, number, number, number];
}

interface ConvAttrs {
  strides: number | [number, number];
  pad: unknown;
  dataFormat: string;
}

/**
 * oneDNN's 1×1 convolution (its brgemm kernel) divides by zero while choosing its blocking on
 * some CPUs: ResNet50's forward pass at batch 2 died of SIGFPE in `brg_blocking_t::est_eff_1x1`
 * on a 2-core AMD EPYC host with AVX-512 BF16 (2026-12-05; ONEDNN_MAX_CPU_ISA did not avoid it).
 * A 1×1 convolution is a matrix product over the pixels it reads, so every NHWC one (plain or
 * fused with its bias and activation) is computed as one; its gradients keep their kernels (the
 * filter's, below, is a product too).
 */
function pointwiseConv(args: Parameters<tf.KernelFunc>[0]): tf.Tensor | null {
  const { x, filter, bias, preluActivationWeights } = args.inputs as { x: tf.Tensor4D; filter: tf.Tensor4D; bias?: tf.Tensor; preluActivationWeights?: tf.Tensor };
  const attrs = args.attrs as unknown as ConvAttrs & { activation?: tf.fused.Activation; leakyreluAlpha?: number };
  const [kh, kw, inChannels, outChannels] = filter.shape;
  if (kh !== 1 || kw !== 1 || !(attrs.pad === "same" || attrs.pad === "valid") || attrs.dataFormat !== "NHWC") return null;
  const [sh, sw] = typeof attrs.strides === "number" ? [attrs.strides, attrs.strides] : attrs.strides;
  // Under both paddings a 1×1 kernel's output pixel (i, j) reads input pixel (i·sh, j·sw).
  return tf.tidy(() => {
    const [n, inH, inW] = x.shape;
    const read = sh === 1 && sw === 1 ? x : tf.stridedSlice(x, [0, 0, 0, 0], [n, inH, inW, inChannels], [1, sh, sw, 1]);
    const product = tf.fused.matMul({
      a: read.reshape([-1, inChannels]),
      b: filter.reshape([inChannels, outChannels]),
      ...(bias ? { bias } : {}),
      ...(attrs.activation ? { activation: attrs.activation } : {}),
      ...(preluActivationWeights ? { preluActivationWeights } : {}),
      ...(attrs.leakyreluAlpha === undefined ? {} : { leakyreluAlpha: attrs.leakyreluAlpha }),
    });
    return product.reshape([n, Math.ceil(inH / sh), Math.ceil(inW / sw), outChannels]);
  });
}

/**
 * oneDNN's Conv2DBackpropFilter is wrong for 1×1 kernels at stride 2 when the input has fewer
 * than 8 channels (measured with libtensorflow 2.x: errors of 25–120% of the gradient's largest
 * entry, different on every call; 3×3 kernels and stride 1 are exact). ResNets' shortcut convs
 * are such convs. A 1×1 conv is a matrix product over the pixels it reads, so its filter gradient
 * is computed as one here: xᵀ·dy over the strided input, for every 1×1 strided conv (no channel
 * threshold to get wrong). Other shapes keep the original kernel.
 */
export function registerOneDnnWorkarounds(): void {
  overrideNativeKernel(tf.Conv2D, (args, original) => pointwiseConv(args) ?? original(args));
  overrideNativeKernel(tf.FusedConv2D, (args, original) => pointwiseConv(args) ?? original(args));
  overrideNativeKernel(tf.Conv2DBackpropFilter, (args, original) => {
    const { x, dy } = args.inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
    const attrs = args.attrs as unknown as BackpropFilterAttrs;
    const [kh, kw, inChannels, outChannels] = attrs.filterShape;
    const [sh, sw] = typeof attrs.strides === "number" ? [attrs.strides, attrs.strides] : attrs.strides;
    const pointwiseStrided = kh === 1 && kw === 1 && (sh > 1 || sw > 1) && (attrs.pad === "same" || attrs.pad === "valid") && attrs.dataFormat === "NHWC";
    if (!pointwiseStrided) return original(args);
    // "same" pads a 1×1 kernel by max((out − 1)·s + 1 − in, 0) = 0, so output pixel (i, j)
    // reads input pixel (i·sh, j·sw) under both paddings.
    const [n, outH, outW] = dy.shape;
    return tf.tidy(() => {
      const read = tf.stridedSlice(x, [0, 0, 0, 0], [n, (outH - 1) * sh + 1, (outW - 1) * sw + 1, inChannels], [1, sh, sw, 1]);
      return tf.matMul(read.reshape([-1, inChannels]), dy.reshape([-1, outChannels]), true, false).reshape(attrs.filterShape);
    });
  });
}
