import type * as tf from "@tensorflow/tfjs";
import type { NativeHandle, NativeOps } from "./native-op.ts";

/** TensorFlow's shared_name for a variable that belongs to its handle alone (ResourceHandle::ANONYMOUS_NAME): freed with it. */
const ANONYMOUS = "cd2c89b7-88b7-44c8-ad83-06c2a9158347";

/**
 * A float32 TensorFlow resource variable, for the ops that update one in place in a single pass
 * (ResourceApplyMomentum…): tfjs's own variables are immutable tensors swapped on assign. Its
 * buffer is shared with the tensors assigned and read (TensorFlow copies it before an in-place
 * update while tfjs still holds it). tfjs does not track it: call dispose.
 */
export class NativeVariable {
  private handle: NativeHandle | null;

  constructor(
    private readonly ops: NativeOps,
    shape: number[],
  ) {
    const attrs = [ops.float32Type("dtype"), ops.shape("shape", shape), ops.string("container", ""), ops.string("shared_name", ANONYMOUS)];
    [this.handle] = ops.runOnHandles("VarHandleOp", attrs, [], 1) as [NativeHandle];
  }

  /** The resource handle, an input of the ops that update the variable. */
  get ref(): NativeHandle {
    if (!this.handle) throw new Error("This TensorFlow variable was disposed; it cannot be read or updated.");
    return this.handle;
  }

  assign(value: tf.Tensor): void {
    this.ops.runOnHandles("AssignVariableOp", [this.ops.float32Type("dtype")], [this.ref, value], 0);
  }

  /** The current value as a new tfjs tensor (tracked like any op's output). */
  read(): tf.Tensor {
    const [value] = this.ops.runOnHandles("ReadVariableOp", [this.ops.float32Type("dtype")], [this.ref], 1) as [NativeHandle];
    return this.ops.toTensor(value);
  }

  dispose(): void {
    if (this.handle) this.ops.release(this.handle);
    this.handle = null;
  }
}
