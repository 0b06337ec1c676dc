// Prints one seeded training step's gradients for every model as JSON, with the engine this
// process was started with (onednn.test.ts runs it with TF_ENABLE_ONEDNN_OPTS=1 and =0).
import * as tf from "@tensorflow/tfjs";
import { buildModel, MODEL_NAMES, trainingForward } from "../models/index.ts";
import { SMALL_INPUT } from "../models/testing.ts";
import { initEngine } from "./select-backend.ts";

const engine = await initEngine();
const gradients: Record<string, Record<string, number[]>> = {};
for (const name of MODEL_NAMES) {
  const inputShape = SMALL_INPUT[name];
  const model = buildModel(name, { inputShape, classes: 10, init: "paper", seed: 3, width: 0.125 });
  const params = model.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable] as const);
  tf.tidy(() => {
    const x = tf.randomNormal([6, ...inputShape], 0, 1, "float32", 11);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5], "int32"), 10);
    const loss = () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, trainingForward(model, x));
    const { grads } = tf.variableGrads(loss, params.map(([, v]) => v));
    gradients[name] = Object.fromEntries(params.map(([key, v]) => [key, Array.from(grads[v.name]!.dataSync())]));
  });
  model.dispose();
}
process.stdout.write(JSON.stringify({ onednn: engine.onednn, gradients }));
