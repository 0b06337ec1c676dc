import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { NamedWeights } from "@minima/metrics";

export type { NamedWeights };

/** tfjs's weights manifest (`weights.json`, or `weightsManifest` in a model.json), float32 only. */
export type WeightsManifest = Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }>;

/**
 * Writes weights in TensorFlow.js's weights format, readable by tf.io.decodeWeights and by any
 * tool that reads tfjs weight manifests, plus a `meta.json` describing the checkpoint.
 */
export function saveWeights(dir: string, weights: NamedWeights, meta: Record<string, unknown>): string[] {
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(weights).sort();
  const total = names.reduce((n, name) => n + weights[name]!.values.length, 0);
  const buffer = new Float32Array(total);
  let offset = 0;
  for (const name of names) {
    buffer.set(weights[name]!.values, offset);
    offset += weights[name]!.values.length;
  }
  const manifest: WeightsManifest = [
    { paths: ["weights.bin"], weights: names.map((name) => ({ name, shape: weights[name]!.shape, dtype: "float32" })) },
  ];
  writeFileSync(path.join(dir, "weights.bin"), new Uint8Array(buffer.buffer));
  writeFileSync(path.join(dir, "weights.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(dir, "meta.json"), JSON.stringify(meta, null, 2));
  return ["weights.json", "weights.bin", "meta.json"];
}

export function loadWeights(dir: string): NamedWeights {
  const manifestPath = path.join(dir, "weights.json");
  let manifest: WeightsManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as WeightsManifest;
  } catch (error) {
    throw new Error(`Cannot read the checkpoint manifest ${manifestPath}: ${(error as Error).message}`);
  }
  return decodeWeights(dir, manifest);
}

/** Reads the weight files a manifest names (relative to `dir`) into named arrays. */
export function decodeWeights(dir: string, manifest: WeightsManifest): NamedWeights {
  const weights: NamedWeights = {};
  for (const group of manifest) {
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(path.join(dir, p))));
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.dtype !== "float32") throw new Error(`Tensor "${spec.name}" in ${dir} is ${spec.dtype}; minima reads float32 weights.`);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (offset + size > all.length) throw new Error(`Checkpoint ${dir} is truncated at tensor "${spec.name}".`);
      weights[spec.name] = { shape: spec.shape, values: all.slice(offset, offset + size) };
      offset += size;
    }
  }
  return weights;
}
