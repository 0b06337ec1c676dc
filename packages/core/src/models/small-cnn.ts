import * as tf from "@tensorflow/tfjs";
import { apply, type LayerBuilder } from "./layers.ts";
import type { ModelDefinition } from "./model-config.ts";

/**
 * CPU profile for Fashion-MNIST (28×28×1) and CIFAR (32×32×3), not in the paper:
 * [conv3×3 32, BN, ReLU] ×2, maxpool 2, [conv3×3 64, BN, ReLU] ×2, maxpool 2, global avgpool, fc.
 * Convs have no bias (BN follows). Global pooling keeps the head independent of the image size.
 * Parameters at 10 classes: 65,834 on 28×28×1, 66,410 on 32×32×3; `width` scales the channels.
 */
export const smallCnn: ModelDefinition = {
  paperInit: "pytorch-0.3.1",
  build(layers, input, classes) {
    let x = input;
    [32, 32, 64, 64].forEach((channels, i) => {
      x = convBnRelu(layers, x, i + 1, layers.channels(channels));
      if (i % 2 === 1) x = apply(tf.layers.maxPooling2d({ name: `pool${(i + 1) / 2}`, poolSize: 2, strides: 2 }), x);
    });
    x = apply(tf.layers.globalAveragePooling2d({ name: "avgpool" }), x);
    return layers.dense(x, "fc", classes);
  },
};

function convBnRelu(layers: LayerBuilder, x: tf.SymbolicTensor, n: number, channels: number): tf.SymbolicTensor {
  return layers.relu(layers.batchNorm(layers.conv(x, `conv${n}`, channels), `bn${n}`), `relu${n}`);
}
