import * as tf from "@tensorflow/tfjs";
import { apply, type LayerBuilder } from "./layers.ts";

/** One residual block: `prefix` is its module path (`layer2.0`), `planes` its (unscaled) width. */
type Block = (layers: LayerBuilder, x: tf.SymbolicTensor, prefix: string, planes: number, stride: number) => tf.SymbolicTensor;

export interface ResNetSpec {
  block: Block;
  stemPlanes: number;
  /** Blocks and planes per stage; stage i is `layer{i+1}`. */
  stages: ReadonlyArray<{ blocks: number; planes: number; stride: number }>;
}

/**
 * kuangliu's CIFAR ResNet, which the paper used (reference-spec §3): conv3×3 stem without
 * max-pool, stages of blocks with the stride on each stage's first block, global average pool
 * (the reference's 4×4 avg pool on 32×32 inputs), linear head.
 */
export function resnet(spec: ResNetSpec, layers: LayerBuilder, input: tf.SymbolicTensor, classes: number): tf.SymbolicTensor {
  let x = layers.conv(input, "conv1", layers.channels(spec.stemPlanes));
  x = layers.relu(layers.batchNorm(x, "bn1"), "relu");
  spec.stages.forEach(({ blocks, planes, stride }, stage) => {
    for (let i = 0; i < blocks; i++) x = spec.block(layers, x, `layer${stage + 1}.${i}`, planes, i === 0 ? stride : 1);
  });
  x = apply(tf.layers.globalAveragePooling2d({ name: "avgpool" }), x);
  return layers.dense(x, "linear", classes);
}

/** conv3×3 → BN → ReLU → conv3×3 → BN, + shortcut, ReLU. */
export const basicBlock: Block = (layers, x, prefix, planes, stride) => {
  const out = layers.channels(planes);
  let y = layers.relu(layers.batchNorm(layers.conv(x, `${prefix}.conv1`, out, { stride }), `${prefix}.bn1`), `${prefix}.relu1`);
  y = layers.batchNorm(layers.conv(y, `${prefix}.conv2`, out), `${prefix}.bn2`);
  return addShortcut(layers, x, y, prefix, stride);
};

/** conv1×1 → BN → ReLU → conv3×3 (stride) → BN → ReLU → conv1×1 (×4) → BN, + shortcut, ReLU. */
export const bottleneck: Block = (layers, x, prefix, planes, stride) => {
  const mid = layers.channels(planes);
  let y = layers.relu(layers.batchNorm(layers.conv(x, `${prefix}.conv1`, mid, { kernel: 1 }), `${prefix}.bn1`), `${prefix}.relu1`);
  y = layers.relu(layers.batchNorm(layers.conv(y, `${prefix}.conv2`, mid, { stride }), `${prefix}.bn2`), `${prefix}.relu2`);
  y = layers.batchNorm(layers.conv(y, `${prefix}.conv3`, 4 * mid, { kernel: 1 }), `${prefix}.bn3`);
  return addShortcut(layers, x, y, prefix, stride);
};

/** Identity, or 1×1 conv (no bias) + BN (`shortcut.0`, `shortcut.1`) where the shape changes. */
function addShortcut(layers: LayerBuilder, x: tf.SymbolicTensor, y: tf.SymbolicTensor, prefix: string, stride: number): tf.SymbolicTensor {
  const outChannels = y.shape[3]!;
  let shortcut = x;
  if (stride !== 1 || x.shape[3] !== outChannels) {
    shortcut = layers.conv(x, `${prefix}.shortcut.0`, outChannels, { kernel: 1, stride });
    shortcut = layers.batchNorm(shortcut, `${prefix}.shortcut.1`);
  }
  return layers.relu(layers.add(y, shortcut, `${prefix}.add`), `${prefix}.relu`);
}
