import * as tf from "@tensorflow/tfjs";

/** One TFE op attribute as tfjs-node's binding takes it. */
export interface OpAttr {
  name: string;
  type: number;
  value: number | boolean | string | number[];
}

/**
 * A TensorFlow tensor handle that tfjs does not track, such as a resource variable's: it is not in
 * tf.memory() and no tidy frees it, so its owner must call `NativeOps.release`.
 */
export interface NativeHandle {
  readonly id: number;
  readonly shape: number[];
  readonly dtype: number;
}

interface Binding {
  executeOp(name: string, attrs: OpAttr[], inputIds: number[], outputs: number): NativeHandle[];
  deleteTensor(id: number): void;
  TF_ATTR_TYPE: number;
  TF_ATTR_SHAPE: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_STRING: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_INT: number;
  TF_FLOAT: number;
}

/** The part of tfjs-node's NodeJSKernelBackend that runs any TensorFlow op by name. */
interface NativeBackend {
  binding: Binding;
  executeSingleOutput(name: string, attrs: OpAttr[], inputs: tf.Tensor[]): tf.Tensor;
  executeMultipleOutputs(name: string, attrs: OpAttr[], inputs: tf.Tensor[], outputs: number): tf.Tensor[];
  getInputTensorIds(inputs: tf.Tensor[]): number[];
  createOutputTensor(handle: NativeHandle): tf.Tensor;
}

/**
 * Runs TensorFlow ops that tfjs does not expose (ReluGrad, FusedBatchNormV3 in training mode…)
 * on the active `tensorflow` backend. The outputs are tracked by the enclosing tidy like any
 * kernel's, but are not on the gradient tape: callers supply the gradient themselves.
 */
export class NativeOps {
  private readonly backend: NativeBackend;

  constructor() {
    const backend = tf.backend() as unknown as Partial<NativeBackend>;
    if (tf.getBackend() !== "tensorflow" || typeof backend.executeMultipleOutputs !== "function" || !backend.binding) {
      throw new Error(`Fused kernels need the native "tensorflow" backend, but "${tf.getBackend()}" is active; turn fusion off (MINIMA_FUSED=0).`);
    }
    this.backend = backend as NativeBackend;
  }

  run(name: string, attrs: OpAttr[], inputs: tf.Tensor[]): tf.Tensor {
    return this.backend.executeSingleOutput(name, attrs, inputs);
  }

  runMany(name: string, attrs: OpAttr[], inputs: tf.Tensor[], outputs: number): tf.Tensor[] {
    return this.backend.executeMultipleOutputs(name, attrs, inputs, outputs);
  }

  /**
   * Runs an op whose inputs may be untracked handles (a resource variable's) and whose outputs stay
   * untracked: for ops on resources, which update them in place and return nothing or a handle.
   */
  runOnHandles(name: string, attrs: OpAttr[], inputs: Array<tf.Tensor | NativeHandle>, outputs: number): NativeHandle[] {
    const ids = inputs.map((input) => (input instanceof tf.Tensor ? this.backend.getInputTensorIds([input])[0]! : input.id));
    return this.backend.binding.executeOp(name, attrs, ids, outputs);
  }

  /** Hands an untracked handle to tfjs: the tensor owns it from then on. */
  toTensor(handle: NativeHandle): tf.Tensor {
    return this.backend.createOutputTensor(handle);
  }

  release(handle: NativeHandle): void {
    this.backend.binding.deleteTensor(handle.id);
  }

  /** A float32 type attribute (`T`, `U`). */
  float32Type(name: string): OpAttr {
    return { name, type: this.backend.binding.TF_ATTR_TYPE, value: this.backend.binding.TF_FLOAT };
  }

  float(name: string, value: number): OpAttr {
    return { name, type: this.backend.binding.TF_ATTR_FLOAT, value };
  }

  string(name: string, value: string): OpAttr {
    return { name, type: this.backend.binding.TF_ATTR_STRING, value };
  }

  /** An int or a list of ints (`strides`). */
  ints(name: string, value: number | number[]): OpAttr {
    return { name, type: this.backend.binding.TF_ATTR_INT, value };
  }

  /** A fully known shape (`shape` of VarHandleOp). */
  shape(name: string, dims: number[]): OpAttr {
    return { name, type: this.backend.binding.TF_ATTR_SHAPE, value: dims };
  }

  bool(name: string, value: boolean): OpAttr {
    return { name, type: this.backend.binding.TF_ATTR_BOOL, value };
  }
}

/**
 * Replaces the native backend's kernel `name` (when it is registered): `kernelFunc` gets each call
 * and the original kernel, to run where the replacement does not apply.
 */
export function overrideNativeKernel(name: string, kernelFunc: (args: Parameters<tf.KernelFunc>[0], original: tf.KernelFunc) => ReturnType<tf.KernelFunc>): void {
  const original = tf.getKernel(name, "tensorflow");
  if (!original) return;
  tf.unregisterKernel(name, "tensorflow");
  tf.registerKernel({ ...original, kernelFunc: (args) => kernelFunc(args, original.kernelFunc) });
}
