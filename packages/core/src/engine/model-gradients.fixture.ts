// Prints one seeded training step's gradients for every model as JSON, with the engine this
// process was started with (onednn.test.ts runs it with TF_ENABLE_ONEDNN_OPTS=1 and =0).
import { buildModel, MODEL_NAMES } from "../models/index.ts";
import { batchGradients, SMALL_INPUT } from "../models/testing.ts";
import { initEngine } from "./select-backend.ts";

const engine = await initEngine();
const gradients: Record<string, Record<string, number[]>> = {};
for (const name of MODEL_NAMES) {
  const model = buildModel(name, { inputShape: SMALL_INPUT[name], classes: 10, init: "paper", seed: 3, width: 0.125 });
  gradients[name] = Object.fromEntries([...batchGradients(model).grads].map(([key, grad]) => [key, Array.from(grad)]));
  model.dispose();
}
process.stdout.write(JSON.stringify({ onednn: engine.onednn, gradients }));
