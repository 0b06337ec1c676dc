import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, mock, test } from "node:test";
import { buildModel, initEngine, loadDataset, makeBatch, Rng, saveCheckpoint, type CheckpointMeta } from "@minima/core";
import { minimaBin } from "../../test/harness.ts";
import { main } from "./main.ts";

const dir = mkdtempSync(path.join(tmpdir(), "minima-measures-cli-"));
const [A, B, CNN] = ["a", "b", "cnn"].map((name) => path.join(dir, name)) as [string, string, string];
const META: CheckpointMeta = { epoch: 1, step: 1, phase: "train", lr: 0.1, seed: 3, backend: "tensorflow", configHash: "test", rngState: [1], extra: {} };
/** Every weight of the two MLP checkpoints by name, read before saving: the independent reference. */
const saved: Record<"a" | "b", Map<string, { values: Float32Array; trainable: boolean }>> = { a: new Map(), b: new Map() };
const mlp = (seed: number) => buildModel("mlp", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed, width: 1 / 32 });

before(async () => {
  await initEngine();
  for (const [key, seed, folder] of [["a", 1, A], ["b", 2, B]] as const) {
    const model = mlp(seed);
    const trainable = new Set(model.trainableWeights.map((w) => w.originalName));
    for (const w of model.weights) saved[key].set(w.originalName, { values: w.read().dataSync() as Float32Array, trainable: trainable.has(w.originalName) });
    await saveCheckpoint(folder, model, {}, META);
    model.dispose();
  }
  const cnn = buildModel("small-cnn", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1, width: 1 / 8 });
  await saveCheckpoint(CNN, cnn, {}, META);
  cnn.dispose();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The real `minima` process: its exit code and output as a user sees them. */
function minimaProcess(args: string[]) {
  return spawnSync(process.execPath, [minimaBin, ...args], { encoding: "utf8", timeout: 120_000 });
}

/**
 * The same CLI in this process (what bin/minima.mjs runs), for the many cases where a fresh
 * process would only add seconds of tfjs start-up: its exit code and what it printed.
 */
async function minima(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = mock.method(console, "log", (...line: unknown[]) => void out.push(line.join(" ")));
  const error = mock.method(console, "error", (...line: unknown[]) => void err.push(line.join(" ")));
  try {
    const status = await main(args);
    return { status, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}

/** Checkpoint A's logits in float64, layer by layer from its saved weights. */
function mlpLogits(x: Float32Array): number[] {
  let h: ArrayLike<number> = x;
  for (const layer of ["fc1", "fc2", "fc3"]) {
    const kernel = saved.a.get(`${layer}/kernel`)!.values;
    const out = Array.from(saved.a.get(`${layer}/bias`)!.values);
    for (let i = 0; i < h.length; i++) for (let j = 0; j < out.length; j++) out[j]! += h[i]! * kernel[i * out.length + j]!;
    h = layer === "fc3" ? out : out.map((v) => Math.max(0, v));
  }
  return Array.from(h);
}

const closeTo = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-6 * Math.abs(expected), `${what}: ${actual} vs ${expected}`);

function sumSquares(key: "a" | "b", keep: (name: string, trainable: boolean) => boolean, other?: "a" | "b"): number {
  let sum = 0;
  for (const [name, { values, trainable }] of saved[key]) {
    if (!keep(name, trainable)) continue;
    const minus = other ? saved[other].get(name)!.values : undefined;
    for (let i = 0; i < values.length; i++) sum += (values[i]! - (minus?.[i] ?? 0)) ** 2;
  }
  return sum;
}

test("minima distance: ‖A − B‖_F / ‖B‖_F over the trainable tensors, or the kernels only; the denominator is the second checkpoint", async () => {
  const all = minimaProcess(["distance", A, B, "--json"]);
  assert.equal(all.status, 0, all.stderr);
  const trainable = (_: string, t: boolean) => t;
  const json = JSON.parse(all.stdout) as { distance: number; tensors: string; count: number };
  closeTo(json.distance, Math.sqrt(sumSquares("a", trainable, "b") / sumSquares("b", trainable)), "trainable");
  assert.deepEqual([json.tensors, json.count], ["trainable", 6]);

  const kernels = await minima(["distance", B, A, "--weights-only"]);
  assert.equal(kernels.status, 0, kernels.stderr);
  const isKernel = (name: string) => name.endsWith("/kernel");
  const printed = Number(/= ([\d.e+-]+)\s+\(3 weights-only tensors\)/.exec(kernels.stdout)?.[1]);
  const expected = Math.sqrt(sumSquares("b", isKernel, "a") / sumSquares("a", isKernel));
  assert.ok(Math.abs(printed - expected) < 1e-5 * expected, `${kernels.stdout} vs ${expected}`);
});

test("minima distance refuses different architectures, a missing folder and a missing argument, saying what is wrong", async () => {
  const mismatch = minimaProcess(["distance", A, CNN]);
  assert.equal(mismatch.status, 1);
  assert.match(mismatch.stderr, /^minima distance: The weight sets hold different tensors \(only W1 has "fc1\/kernel".*; only W2 has "conv1\/kernel".*\); both must come from the same model\.$/m);
  const missing = await minima(["distance", A, path.join(dir, "nope")]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Checkpoint folder .*nope does not exist/);
  const one = await minima(["distance", A]);
  assert.equal(one.status, 2);
  assert.match(one.stderr, /minima distance: takes 2 argument\(s\)/);
});

test("minima norms: Frobenius and both path norms of an MLP checkpoint match a plain computation", async () => {
  const run = await minima(["norms", A, "--json"]);
  assert.equal(run.status, 0, run.stderr);
  const norms = JSON.parse(run.stdout) as { kind: string; frobenius: number; l1Path: { value: number; log10: number }; l2Path: { value: number } };
  assert.equal(norms.kind, "layers");
  closeTo(norms.frobenius, Math.sqrt(sumSquares("a", (_, t) => t)), "Frobenius");
  // flatten → fc1 → ReLU → fc2 → ReLU → fc3: an all-ones row through |K|^p, biases left out.
  for (const [p, norm] of [[1, norms.l1Path], [2, norms.l2Path]] as const) {
    let signal = new Float64Array(32 * 32 * 3).fill(1);
    for (const layer of ["fc1", "fc2", "fc3"]) {
      const kernel = saved.a.get(`${layer}/kernel`)!.values;
      const units = kernel.length / signal.length;
      const next = new Float64Array(units);
      for (let i = 0; i < signal.length; i++) for (let j = 0; j < units; j++) next[j]! += signal[i]! * Math.abs(kernel[i * units + j]!) ** p;
      signal = next;
    }
    closeTo(norm.value, signal.reduce((s, x) => s + x, 0) ** (1 / p), `ℓ${p}-path`);
  }
  closeTo(norms.l1Path.log10, Math.log10(norms.l1Path.value), "log10");
  const missing = await minima(["norms", path.join(dir, "nope")]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /minima norms: Checkpoint folder .*nope does not exist/);
});

test("minima fgsm: per-ε test accuracy, ε = 0 being the clean accuracy on the run's own test subset (seed from meta.json)", async () => {
  const run = await minima(["fgsm", A, "--dataset", "synthetic", "--test-subset", "40", "--eps", "0,0.3", "--json"]);
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { seed: number; images: number; points: Array<{ epsilon: number; accuracy: number }> };
  assert.deepEqual([out.seed, out.images, out.points.map((p) => p.epsilon)], [3, 40, [0, 0.3]]);

  const dataset = await loadDataset("synthetic", { testSubset: 40, seed: 3 });
  const batch = makeBatch(dataset, dataset.test, Array.from({ length: 40 }, (_, i) => i), { augment: false, rng: new Rng(0) });
  let hits = 0;
  for (let n = 0; n < 40; n++) {
    const logits = mlpLogits(batch.x.subarray(n * 3072, (n + 1) * 3072));
    if (logits.indexOf(Math.max(...logits)) === batch.y[n]) hits++;
  }
  const clean = hits / 40;
  assert.equal(out.points[0]!.accuracy, clean);
  assert.ok(out.points[1]!.accuracy <= clean, JSON.stringify(out.points));

  const wrong = await minima(["fgsm", A, "--dataset", "synthetic", "--eps", "0,2"]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /--eps must list numbers in \[0, 1\]/);
});
