import * as tf from "@tensorflow/tfjs";

/**
 * The process-wide switch for minima's fused kernels, set by initEngine (`fused`, or
 * MINIMA_FUSED=0 to turn them off). It lives beside the backend choice because, like the backend,
 * tfjs's gradient registry is process-wide: a per-model switch could not reach it.
 */
let enabled = true;

export function setFusion(on: boolean): void {
  enabled = on;
}

export function fusionEnabled(): boolean {
  return enabled;
}

/** Fused TensorFlow kernels run only on the native backend; elsewhere the pure-tfjs path runs. */
export function fusedKernelsActive(): boolean {
  return enabled && tf.getBackend() === "tensorflow";
}
