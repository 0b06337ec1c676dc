import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { decodeWeights, loadWeights, type NamedWeights, type WeightsManifest } from "../checkpoint/weights-file.ts";
import { setModelWeights } from "../train/checkpoint.ts";

/**
 * The weights of a checkpoint folder of either kind minima writes:
 * - "layers": an image run's checkpoint (`saveCheckpoint`: model.json + weights.bin + meta.json);
 * - "weights": a bare weights folder (`saveWeights`: weights.json + weights.bin), e.g. Figure 1's toy.
 */
export interface CheckpointWeights {
  dir: string;
  kind: "layers" | "weights";
  weights: NamedWeights;
}

interface ModelJson {
  modelTopology: tf.io.ModelJSON["modelTopology"];
  weightsManifest: WeightsManifest;
}

/** Reads only the weights (no tensors, no model): enough for distances and the Frobenius norm. */
export function readCheckpointWeights(dir: string): CheckpointWeights {
  const kind = checkpointKind(dir);
  if (kind === "weights") return { dir, kind, weights: loadWeights(dir) };
  return { dir, kind, weights: decodeWeights(dir, readModelJson(dir).weightsManifest) };
}

/**
 * The layers model of an image-run checkpoint with its saved weights (BN statistics included),
 * rebuilt from model.json's topology. The caller disposes it.
 */
export async function loadCheckpointModel(dir: string): Promise<tf.LayersModel> {
  if (checkpointKind(dir) !== "layers") {
    throw new Error(`${dir} holds bare weights (weights.json), not a layers model (model.json); only image-run checkpoints have one.`);
  }
  const json = readModelJson(dir);
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: json.modelTopology });
  } catch (error) {
    throw new Error(`The model in ${dir}/model.json cannot be rebuilt: ${(error as Error).message}`);
  }
  try {
    setModelWeights(model, decodeWeights(dir, json.weightsManifest), dir);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

function checkpointKind(dir: string): CheckpointWeights["kind"] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`Checkpoint folder ${dir} does not exist; pass a folder written by minima (e.g. <run>/checkpoints/final).`);
  }
  if (existsSync(path.join(dir, "model.json"))) return "layers";
  if (existsSync(path.join(dir, "weights.json"))) return "weights";
  throw new Error(`${dir} is not a minima checkpoint: it has neither model.json (an image run's checkpoint) nor weights.json (bare weights, e.g. the toy's).`);
}

function readModelJson(dir: string): ModelJson {
  const file = path.join(dir, "model.json");
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as Partial<ModelJson>;
    if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new Error("no modelTopology or weightsManifest");
    return json as ModelJson;
  } catch (error) {
    throw new Error(`${file} is not a readable TensorFlow.js layers model: ${(error as Error).message}`);
  }
}
