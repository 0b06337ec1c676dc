import * as tf from "@tensorflow/tfjs";
import { fusedKernelsActive } from "./fusion.ts";
import { NativeOps } from "./native-op.ts";

/** minima's kernel name for y = x·W + b on the native backend. */
const DENSE = "MinimaDense";

function matMul(ops: NativeOps, a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  return ops.run("MatMul", [ops.float32Type("T"), ops.bool("transpose_a", transposeA), ops.bool("transpose_b", transposeB)], [a, b]);
}

/**
 * The kernel and its gradient, registered once per process (tfjs's registries are process-wide).
 * A registered gradient gives each input its own closure, which tfjs calls only for inputs on the
 * way to the weights: the first layer's input gradient (a full matmul, ≈10% of an MLP step) is
 * never made, where tf.fused.matMul's custom gradient makes all three.
 */
function register(): void {
  if (tf.getKernel(DENSE, "tensorflow")) return;
  tf.registerKernel({
    kernelName: DENSE,
    backendName: "tensorflow",
    kernelFunc: ({ inputs }) => {
      const { x, kernel, bias } = inputs as { x: tf.Tensor; kernel: tf.Tensor; bias: tf.Tensor };
      const ops = new NativeOps();
      const product = matMul(ops, x, kernel, false, false);
      const y = ops.run("BiasAdd", [ops.float32Type("T"), ops.string("data_format", "NHWC")], [product, bias]);
      product.dispose();
      return y;
    },
  });
  tf.registerGradient({
    kernelName: DENSE,
    inputsToSave: ["x", "kernel"],
    gradFunc: (dy, saved) => {
      const [x, kernel] = saved as [tf.Tensor, tf.Tensor];
      const grad = dy as tf.Tensor;
      const ops = new NativeOps();
      return {
        x: () => matMul(ops, grad, kernel, false, true),
        kernel: () => matMul(ops, x, grad, true, false),
        bias: () => ops.run("BiasAddGrad", [ops.float32Type("T"), ops.string("data_format", "NHWC")], [grad]),
      };
    },
  });
}

/**
 * Makes a tfjs Dense layer (linear, with bias) train through one native MatMul and BiasAdd, and
 * their gradients, on 2-D inputs when the fused kernels are on. tfjs's own path reshapes to 3-D
 * and back around a batched matmul (about ten ops a layer). Weights, names and class stay tfjs's,
 * so checkpoints and the measures see an ordinary Dense layer; inference keeps tfjs's path.
 */
export function fuseDenseTraining(layer: tf.layers.Layer): tf.layers.Layer {
  const call = layer.call.bind(layer);
  let linear: boolean | undefined;
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const [kernel, bias] = layer.trainableWeights;
    linear ??= layer.getConfig().activation === "linear";
    if (kwargs.training !== true || !fusedKernelsActive() || x.rank !== 2 || !bias || !linear) return call(inputs, kwargs);
    register();
    return tf.engine().runKernel<tf.Tensor>(DENSE, { x, kernel: kernel!.read(), bias: bias.read() }, {});
  };
  return layer;
}
