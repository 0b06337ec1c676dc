import { FIGURE1_PLANE, type DecisionRaster } from "@minima/metrics";
import * as tf from "@tensorflow/tfjs";
import { ToyMlp, type NamedWeights } from "./toy-mlp.ts";

/**
 * The sigmoid output on Figure 1's plane, every `spacing` in x and y, rounded to 1e-3. Tens of
 * thousands of points once per run: a job for tfjs's matMul whatever the training step.
 */
export function decisionRaster(weights: NamedWeights, spacing: number): DecisionRaster {
  const { xMin, xMax, yMin, yMax } = FIGURE1_PLANE;
  const width = Math.round((xMax - xMin) / spacing) + 1;
  const height = Math.round((yMax - yMin) / spacing) + 1;
  const grid = new Float32Array(width * height * 2);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = row * width + col;
      grid[2 * i] = xMin + ((xMax - xMin) * col) / (width - 1);
      grid[2 * i + 1] = yMin + ((yMax - yMin) * row) / (height - 1);
    }
  }
  const model = new ToyMlp(weights);
  const out = tf.tidy(() => tf.sigmoid(model.logits(tf.tensor2d(grid, [width * height, 2]))).dataSync());
  model.dispose();
  return { width, height, xMin, xMax, yMin, yMax, values: Array.from(out, (v) => Math.round(v * 1000) / 1000) };
}
