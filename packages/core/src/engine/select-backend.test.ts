import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initEngine } from "./select-backend.ts";

test("the test process trains on the native tensorflow backend, not a silent fallback", async () => {
  const engine = await initEngine();
  assert.equal(engine.backend, "tensorflow", `fell back: ${engine.fallbackReason}`);
  assert.equal(tf.getBackend(), "tensorflow");
  assert.match(engine.libtensorflowVersion ?? "", /^\d+\.\d+/);
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.eye(2)).arraySync());
  assert.deepEqual(product, [[1, 2], [3, 4]]);
});

test("initEngine is idempotent within a process", async () => {
  assert.equal(await initEngine(), await initEngine());
});
