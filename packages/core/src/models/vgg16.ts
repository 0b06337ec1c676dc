import * as tf from "@tensorflow/tfjs";
import { apply } from "./layers.ts";
import type { ModelDefinition } from "./model-config.ts";

const CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"] as const;

/**
 * The paper's VGG16 (reference code `VGG('VGG16')`, reference-spec §3): each conv is 3×3 pad 1
 * WITH bias → BN → ReLU, M = maxpool 2×2, then one Linear(512→classes); no dropout.
 * 14,728,266 parameters at 10 classes. Layers are named by their index in the reference's
 * `features` Sequential (conv `features.0`, its BN `features.1`, ReLU `features.2`, …) and `classifier`.
 */
export const vgg16: ModelDefinition = {
  paperInit: "pytorch-0.3.1",
  build(layers, input, classes) {
    let x = input;
    let index = 0;
    for (const item of CFG) {
      if (item === "M") {
        x = apply(tf.layers.maxPooling2d({ name: `features.${index}`, poolSize: 2, strides: 2 }), x);
        index += 1;
        continue;
      }
      x = layers.conv(x, `features.${index}`, layers.channels(item), { bias: true });
      x = layers.batchNorm(x, `features.${index + 1}`);
      x = layers.relu(x, `features.${index + 2}`);
      index += 3;
    }
    // The reference's trailing AvgPool2d(1, 1) is the identity, so it has no layer here.
    x = apply(tf.layers.flatten({ name: "flatten" }), x);
    return layers.dense(x, "classifier", classes);
  },
};
