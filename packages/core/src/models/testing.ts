// Helpers for the models' tests (not exported from the package).
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initEngine } from "../engine/index.ts";

/** The tests run on the real native backend, as training does. */
export async function useNativeEngine(): Promise<void> {
  const engine = await initEngine();
  assert.equal(engine.backend, "tensorflow");
  assert.equal(tf.getBackend(), "tensorflow");
}

/** Logits of a batch of random images (inference mode), checked to be [batch, classes] and finite. */
export function forwardBatch(model: tf.LayersModel, batch = 2): Float32Array {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const classes = model.outputs[0]!.shape[1]!;
  return tf.tidy(() => {
    const logits = model.predict(tf.randomNormal([batch, ...shape], 0, 1, "float32", 7)) as tf.Tensor;
    assert.deepEqual(logits.shape, [batch, classes]);
    const values = logits.dataSync() as Float32Array;
    assert.ok(values.every(Number.isFinite), "logits must be finite");
    return values;
  });
}

/** A layer's output shape without the batch dimension. */
export function outputShapeOf(model: tf.LayersModel, layerName: string): number[] {
  const shape = model.getLayer(layerName).outputShape as (number | null)[];
  return shape.slice(1) as number[];
}

/** Every weight's values keyed by its stable name (`layer/kernel`). */
export function weightValues(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
}
