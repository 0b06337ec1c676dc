import * as tf from "@tensorflow/tfjs";
import { apply } from "./layers.ts";
import type { ModelDefinition } from "./model-config.ts";

/**
 * CPU-scale baseline, not in the paper: flatten → fc1 512 → ReLU → fc2 512 → ReLU → fc3 classes.
 * `width` scales the 512. Parameters at 10 classes: 669,706 on 28×28×1, 1,841,162 on 32×32×3.
 */
export const mlp: ModelDefinition = {
  paperInit: "pytorch-0.3.1",
  build(layers, input, classes) {
    let x = apply(tf.layers.flatten({ name: "flatten" }), input);
    x = layers.relu(layers.dense(x, "fc1", layers.channels(512)), "relu1");
    x = layers.relu(layers.dense(x, "fc2", layers.channels(512)), "relu2");
    return layers.dense(x, "fc3", classes);
  },
};
