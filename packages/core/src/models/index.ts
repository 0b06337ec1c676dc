import * as tf from "@tensorflow/tfjs";
import { densenetBc40 } from "./densenet-bc-40.ts";
import { LayerBuilder } from "./layers.ts";
import { mlp } from "./mlp.ts";
import { checkModelOptions, type ModelDefinition, type ModelName, type ModelOptions } from "./model-config.ts";
import { applyPaperInit } from "./paper-init.ts";
import { resnet18 } from "./resnet18.ts";
import { resnet50 } from "./resnet50.ts";
import { smallCnn } from "./small-cnn.ts";
import { smallResnet } from "./small-resnet.ts";
import { vgg16 } from "./vgg16.ts";

export { trainingForward } from "./training-forward.ts";
export { checkModelOptions, MODEL_NAMES, ModelConfigError, type InitScheme, type ModelName, type ModelOptions } from "./model-config.ts";

const DEFINITIONS: Record<ModelName, ModelDefinition> = {
  mlp,
  "small-cnn": smallCnn,
  "small-resnet": smallResnet,
  vgg16,
  resnet18,
  resnet50,
  "densenet-bc-40": densenetBc40,
};

/**
 * A tf.LayersModel mapping NHWC float32 images to logits (no softmax). Layer names follow the
 * reference code's module paths (`layer2.0.conv1`). Key weights on a weight's `originalName`
 * (`layer2.0.conv1/kernel`), not its `name`, which tfjs suffixes (`_1`) when a process builds the
 * same model twice.
 */
export function buildModel(name: ModelName, options: ModelOptions): tf.LayersModel {
  const definition = DEFINITIONS[checkModelOptions(name, options)];
  const layers = new LayerBuilder(options.init, options.seed, options.width ?? 1);
  const input = tf.input({ name: "input", shape: options.inputShape, dtype: "float32" });
  const model = tf.model({ name, inputs: input, outputs: definition.build(layers, input, options.classes) });
  if (options.init === "paper") applyPaperInit(model, definition.paperInit, options.seed);
  return model;
}

/** Trainable parameters: weights, biases and BN γ/β; not BN's moving statistics. */
export function trainableParameterCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}
