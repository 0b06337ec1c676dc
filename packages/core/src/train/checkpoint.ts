import * as tf from "@tensorflow/tfjs";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { decodeWeights, loadWeights, saveWeights, type NamedWeights, type WeightsManifest } from "../checkpoint/weights-file.ts";

/** What a checkpoint says about itself (`meta.json`), enough to resume exactly. */
export interface CheckpointMeta {
  epoch: number;
  step: number;
  phase: string;
  lr: number;
  seed: number;
  backend: string;
  configHash: string;
  /** The data-order / augmentation generator's state at the end of `epoch`. */
  rngState: number[];
  /** Extra loop state (e.g. the plateau counter). */
  extra: Record<string, number>;
}

export function configHash(config: unknown): string {
  return createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 16);
}

/** Every weight of a layers model (BN moving statistics included) by its stable name. */
export function modelWeights(model: tf.LayersModel): NamedWeights {
  const out: NamedWeights = {};
  for (const w of model.weights) {
    out[w.originalName] = { shape: [...w.shape] as number[], values: w.read().dataSync() as Float32Array };
  }
  return out;
}

/** Writes named weights into a model; every model weight must be present with its shape. */
export function setModelWeights(model: tf.LayersModel, weights: NamedWeights, source: string): void {
  for (const w of model.weights) {
    const saved = weights[w.originalName];
    if (!saved) throw new Error(`Checkpoint ${source} has no tensor "${w.originalName}"; it was made for another model.`);
    if (saved.shape.join("x") !== w.shape.join("x")) {
      throw new Error(`Tensor "${w.originalName}" in ${source} has shape [${saved.shape.join(", ")}], the model needs [${w.shape.join(", ")}].`);
    }
    tf.tidy(() => {
      w.write(tf.tensor(saved.values, saved.shape));
    });
  }
}

/**
 * A checkpoint folder: the model in TensorFlow.js layers format (model.json + weights.bin), the
 * optimizer's momentum buffers (optimizer/), and meta.json. Written to a temporary folder and
 * renamed, so a crash mid-write never leaves a half checkpoint under the final name.
 */
export async function saveCheckpoint(
  dir: string,
  model: tf.LayersModel,
  optimizerSlots: NamedWeights,
  meta: CheckpointMeta,
): Promise<void> {
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightsManifest = [{ paths: ["weights.bin"], weights: artifacts.weightSpecs ?? [] }];
      const json = { modelTopology: artifacts.modelTopology, format: "layers-model", generatedBy: "minima", weightsManifest };
      writeFileSync(path.join(partial, "model.json"), JSON.stringify(json));
      const data = artifacts.weightData as ArrayBuffer;
      writeFileSync(path.join(partial, "weights.bin"), new Uint8Array(data));
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } });
    }),
  );
  saveWeights(path.join(partial, "optimizer"), optimizerSlots, { kind: "sgd-momentum-buffers" });
  writeFileSync(path.join(partial, "meta.json"), JSON.stringify(meta, null, 2));
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
}

export interface LoadedCheckpoint {
  weights: NamedWeights;
  optimizerSlots: NamedWeights;
  meta: CheckpointMeta;
}

export function loadCheckpoint(dir: string): LoadedCheckpoint {
  let model: { weightsManifest: WeightsManifest };
  let meta: CheckpointMeta;
  try {
    model = JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")) as typeof model;
    meta = JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as CheckpointMeta;
  } catch (error) {
    throw new Error(`${dir} is not a readable minima checkpoint (model.json, meta.json): ${(error as Error).message}`);
  }
  return { weights: decodeWeights(dir, model.weightsManifest), optimizerSlots: loadWeights(path.join(dir, "optimizer")), meta };
}
