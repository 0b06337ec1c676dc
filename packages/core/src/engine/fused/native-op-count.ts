import * as tf from "@tensorflow/tfjs";

interface CountedBackend {
  binding: { executeOp(name: string, ...rest: unknown[]): unknown };
}

/**
 * The TensorFlow ops that `f` runs on the native backend, in order, counted where every op
 * passes (the binding's executeOp): tfjs kernels, minima's native ops and resource updates alike,
 * where tf.profile sees only tfjs kernels. For tests and benchmarks; `f` runs synchronously.
 */
export function nativeOpsOf(f: () => void): string[] {
  if (tf.getBackend() !== "tensorflow") throw new Error(`Counting native ops needs the "tensorflow" backend, but "${tf.getBackend()}" is active.`);
  const backend = tf.backend() as unknown as CountedBackend;
  const binding = backend.binding;
  const names: string[] = [];
  // The binding's methods are read-only: a counting object in front of it stands in for it.
  const counting = Object.create(binding) as CountedBackend["binding"];
  Object.defineProperty(counting, "executeOp", {
    value: (name: string, ...rest: unknown[]) => {
      names.push(name);
      return binding.executeOp(name, ...rest);
    },
  });
  backend.binding = counting;
  try {
    f();
  } finally {
    backend.binding = binding;
  }
  return names;
}
