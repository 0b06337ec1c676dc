// `pnpm bench:engine`: one training step (forward, backward, SGD update) per workload on the
// active backend, against the same step in PyTorch CPU measured in the same run when a Python
// with torch is available (else no ratio). Targets (issue 4/8) are printed beside the ratios.
//   node --import tsx bench/engine.bench.ts [toy small-cnn resnet18 resnet18-inference augmentation]
import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildModel, initEngine, loadDataset, makeBatch, Rng, Sgd } from "../src/index.ts";
import { bceWithLogits, ToyMlp, toyInit } from "../src/toy/toy-mlp.ts";

interface Workload {
  name: string;
  batch: number;
  target: number;
  /** Builds the step; returns it and a disposer. */
  setup(): { step: () => void; dispose: () => void };
  warmup: number;
  repeats: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function layersStep(name: "small-cnn" | "resnet18", shape: [number, number, number], batch: number) {
  const model = buildModel(name, { inputShape: shape, classes: 10, init: "paper", seed: 1 });
  const params = new Map(model.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable]));
  const sgd = new Sgd({ lr: 0.01, momentum: 0.9, weightDecay: 5e-4 });
  const x = tf.randomNormal([batch, ...shape]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, "int32"), 10);
  return {
    step: () =>
      tf.tidy(() => {
        const value = sgd.minimize(params, () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor));
        value.dataSync();
      }),
    dispose: () => {
      sgd.dispose();
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}

const WORKLOADS: Workload[] = [
  {
    name: "toy",
    batch: 10,
    target: 1.5,
    warmup: 50,
    repeats: 1000,
    setup: () => {
      const model = new ToyMlp(toyInit(1));
      const sgd = new Sgd({ lr: 0.003, momentum: 0, weightDecay: 0 });
      const x = tf.randomNormal<tf.Rank.R2>([10, 2]);
      const y = tf.randomUniform([10]).round() as tf.Tensor1D;
      return {
        step: () =>
          tf.tidy(() => {
            const value = sgd.minimize(model.params, () => bceWithLogits(model.logits(x), y, "sum"));
            value.dataSync();
          }),
        dispose: () => {
          sgd.dispose();
          model.dispose();
          tf.dispose([x, y]);
        },
      };
    },
  },
  { name: "small-cnn", batch: 128, target: 1.5, warmup: 3, repeats: 15, setup: () => layersStep("small-cnn", [28, 28, 1], 128) },
  { name: "resnet18", batch: 128, target: 1.25, warmup: 1, repeats: 3, setup: () => layersStep("resnet18", [32, 32, 3], 128) },
  {
    name: "resnet18-inference",
    batch: 128,
    target: 1.25,
    warmup: 1,
    repeats: 3,
    setup: () => {
      const model = buildModel("resnet18", { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 });
      const x = tf.randomNormal([128, 32, 32, 3]);
      return { step: () => tf.tidy(() => void (model.predict(x) as tf.Tensor).dataSync()), dispose: () => (model.dispose(), x.dispose()) };
    },
  },
];

function torchReference(names: string[]): Record<string, number> | null {
  const script = fileURLToPath(new URL("./torch_step.py", import.meta.url));
  const python = process.env.MINIMA_BENCH_PYTHON ?? "python3";
  const run = spawnSync(python, [script, ...names], { encoding: "utf8" });
  if (run.status !== 0) {
    console.log(`PyTorch reference unavailable (${(run.stderr || run.error?.message || "").trim().split("\n").pop()}); install it with \`pip install torch\` (CPU wheel) for ratios.`);
    return null;
  }
  return JSON.parse(run.stdout) as Record<string, number>;
}

const chosen = process.argv.slice(2);
const workloads = WORKLOADS.filter((w) => chosen.length === 0 || chosen.includes(w.name));
// "augmentation" (the data pipeline's cost) runs after the step workloads.
const engine = await initEngine();
console.log(`tfjs ${engine.tfjsVersion}, backend ${engine.backend} (${engine.device}), libtensorflow ${engine.libtensorflowVersion ?? "—"}`);
const reference = workloads.length > 0 ? torchReference(workloads.map((w) => w.name)) : null;
if (reference) console.log(`PyTorch ${String(reference.torch)} CPU, ${String(reference.threads)} threads, same steps in the same run`);
console.log("\nworkload             batch   tfjs ms/step   images/s   torch ms/step   ratio   target");
for (const w of workloads) {
  const { step, dispose } = w.setup();
  for (let i = 0; i < w.warmup; i++) step();
  const tensors = tf.memory().numTensors;
  const times: number[] = [];
  for (let i = 0; i < w.repeats; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  const leaked = tf.memory().numTensors - tensors;
  dispose();
  const ms = median(times);
  const torchMs = reference?.[w.name];
  const ratio = torchMs ? ms / torchMs : null;
  console.log(
    `${w.name.padEnd(20)} ${String(w.batch).padStart(5)}   ${ms.toFixed(2).padStart(12)}   ${((1000 * w.batch) / ms).toFixed(0).padStart(8)}   ${torchMs ? torchMs.toFixed(2).padStart(13) : "—".padStart(13)}   ${ratio ? `${ratio.toFixed(2)}×`.padStart(5) : "   —"}   ≤ ${w.target}×${ratio && ratio > w.target ? "  (MISSED)" : ""}${leaked ? `   LEAK: ${leaked} tensors over ${w.repeats} steps` : ""}`,
  );
}

/**
 * The data pipeline must keep the engine busy: an epoch of the small CNN on Fashion-MNIST with
 * augmentation (seeded crop + flip in makeBatch) against the same epoch without (target ≤ 1.10×).
 */
async function augmentationOverhead(): Promise<void> {
  const dataset = await loadDataset("fashion-mnist", { trainSubset: 1024, testSubset: 100, seed: 1 });
  const model = buildModel("small-cnn", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1 });
  const params = new Map(model.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable]));
  const sgd = new Sgd({ lr: 0.01, momentum: 0.9, weightDecay: 5e-4 });
  const epoch = (augment: boolean) => {
    const rng = new Rng(1);
    const order = rng.permutation(dataset.train.size);
    const start = performance.now();
    for (let i = 0; i < order.length; i += 128) {
      const batch = makeBatch(dataset, dataset.train, order.subarray(i, i + 128), { augment, rng });
      tf.tidy(() => {
        const x = tf.tensor4d(batch.x, [batch.size, 28, 28, 1]);
        const y = tf.oneHot(tf.tensor1d(batch.y, "int32"), 10);
        const value = sgd.minimize(params, () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor));
        value.dataSync();
      });
    }
    return performance.now() - start;
  };
  epoch(false);
  const plain = median([epoch(false), epoch(false), epoch(false)]);
  const augmented = median([epoch(true), epoch(true), epoch(true)]);
  console.log(`\nepoch of 1,024 Fashion-MNIST images, small CNN: ${plain.toFixed(0)} ms plain, ${augmented.toFixed(0)} ms with crop + flip: ${(augmented / plain).toFixed(3)}× (target ≤ 1.10×)`);
  sgd.dispose();
  model.dispose();
}

if (chosen.length === 0 || chosen.includes("augmentation")) await augmentationOverhead();
