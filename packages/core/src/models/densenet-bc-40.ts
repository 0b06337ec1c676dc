import * as tf from "@tensorflow/tfjs";
import { apply, type LayerBuilder } from "./layers.ts";
import type { ModelDefinition } from "./model-config.ts";

const GROWTH = 12;
const LAYERS_PER_BLOCK = 6;
const REDUCTION = 0.5;

/**
 * The paper's "DenseNet40": the reference's `DenseNet3(depth=40)` defaults are DenseNet-BC-40
 * (k=12, bottleneck, reduction 0.5), not the original DenseNet-40 (reference-spec §3).
 * Stem conv3×3 →24; three dense blocks of 6 bottleneck layers; transitions BN-ReLU-conv1×1-avgpool 2;
 * BN-ReLU, global avgpool, fc. Channels 24 → 96 → 48 → 120 → 60 → 132. 176,122 parameters at
 * 10 classes. No conv has a bias. `width` scales the growth rate (and so every channel count).
 */
export const densenetBc40: ModelDefinition = {
  paperInit: "densenet",
  build(layers, input, classes) {
    const growth = layers.channels(GROWTH);
    let x = layers.conv(input, "conv1", 2 * growth);
    for (let block = 1; block <= 3; block++) {
      x = denseBlock(layers, x, `block${block}`, growth);
      if (block < 3) x = transition(layers, x, `trans${block}`);
    }
    x = layers.relu(layers.batchNorm(x, "bn1"), "relu");
    x = apply(tf.layers.globalAveragePooling2d({ name: "avgpool" }), x);
    return layers.dense(x, "fc", classes);
  },
};

/** Each layer: BN-ReLU-conv1×1(→4k)-BN-ReLU-conv3×3(→k), concatenated after its input. */
function denseBlock(layers: LayerBuilder, input: tf.SymbolicTensor, name: string, growth: number): tf.SymbolicTensor {
  let x = input;
  for (let i = 0; i < LAYERS_PER_BLOCK; i++) {
    const p = `${name}.layer.${i}`;
    let y = layers.relu(layers.batchNorm(x, `${p}.bn1`), `${p}.relu1`);
    y = layers.conv(y, `${p}.conv1`, 4 * growth, { kernel: 1 });
    y = layers.relu(layers.batchNorm(y, `${p}.bn2`), `${p}.relu2`);
    y = layers.conv(y, `${p}.conv2`, growth);
    x = apply(tf.layers.concatenate({ name: `${p}.cat`, axis: -1 }), [x, y]);
  }
  return x;
}

function transition(layers: LayerBuilder, x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  const out = Math.floor(x.shape[3]! * REDUCTION);
  let y = layers.relu(layers.batchNorm(x, `${name}.bn1`), `${name}.relu`);
  y = layers.conv(y, `${name}.conv1`, out, { kernel: 1 });
  return apply(tf.layers.averagePooling2d({ name: `${name}.pool`, poolSize: 2, strides: 2 }), y);
}
