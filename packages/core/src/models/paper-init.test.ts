import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildModel, type ModelName, type ModelOptions } from "./index.ts";
import { useNativeEngine, weightValues } from "./testing.ts";
import { isBatchNorm } from "./layer-kinds.ts";

const cifar: ModelOptions = { inputShape: [32, 32, 3], classes: 10, init: "paper", seed: 1 };
let resnet18: tf.LayersModel;
let densenet: tf.LayersModel;

before(async () => {
  await useNativeEngine();
  resnet18 = buildModel("resnet18", cifar);
  densenet = buildModel("densenet-bc-40", cifar);
});
after(() => {
  resnet18.dispose();
  densenet.dispose();
});

const values = (model: tf.LayersModel, weight: string) => weightValues(model).get(weight)!;
const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: Float32Array) => Math.sqrt(mean(a.map((v) => v * v)) - mean(a) ** 2);

function assertSameWeights(a: tf.LayersModel, b: tf.LayersModel, expectSame: boolean): void {
  const wa = weightValues(a);
  const wb = weightValues(b);
  assert.deepEqual([...wa.keys()], [...wb.keys()]);
  const same = [...wa].every(([key, v]) => Buffer.from(v.buffer).equals(Buffer.from(wb.get(key)!.buffer)));
  assert.equal(same, expectSame);
}

test("the same seed gives bit-identical weights; another seed other weights", () => {
  const again = buildModel("resnet18", cifar);
  assertSameWeights(resnet18, again, true);
  again.dispose();
  const other = buildModel("resnet18", { ...cifar, seed: 2 });
  assertSameWeights(resnet18, other, false);
  other.dispose();
});

test("the framework init is seeded too", () => {
  const build = (seed: number) => buildModel("small-cnn", { ...cifar, init: "framework", seed });
  const [a, b, c] = [build(5), build(5), build(6)];
  assertSameWeights(a, b, true);
  assertSameWeights(a, c, false);
  tf.dispose([a, b, c].flatMap((m) => m.weights.map((w) => w.read())));
});

test("conv and linear weights and biases ~ U(±1/√fan_in), fan_in = kh·kw·in", () => {
  const kernel = values(resnet18, "layer3.0.conv2/kernel");
  const bound = 1 / Math.sqrt(3 * 3 * 256);
  assert.ok(maxAbs(kernel) <= Math.fround(bound) && maxAbs(kernel) > 0.999 * bound, `${maxAbs(kernel)} vs ${bound}`);
  assert.ok(Math.abs(std(kernel) - bound / Math.sqrt(3)) < 0.01 * bound);
  const linearBound = 1 / Math.sqrt(512);
  assert.ok(maxAbs(values(resnet18, "linear/kernel")) <= Math.fround(linearBound));
  const bias = values(resnet18, "linear/bias");
  assert.ok(maxAbs(bias) <= Math.fround(linearBound) && maxAbs(bias) > 0);
});

test("VGG's conv biases are drawn like its weights", () => {
  const vgg = buildModel("vgg16" satisfies ModelName, cifar);
  const bias = values(vgg, "features.0/bias");
  const bound = 1 / Math.sqrt(27);
  assert.ok(maxAbs(bias) <= Math.fround(bound) && maxAbs(bias) > 0.5 * bound);
  vgg.dispose();
});

test("BN γ ~ U(0,1) with mean ≈ 0.5, β = 0, moving mean 0 and variance 1", () => {
  const bns = resnet18.layers.filter(isBatchNorm);
  const gammas = Float32Array.from(bns.flatMap((l) => [...values(resnet18, `${l.name}/gamma`)]));
  assert.ok(gammas.every((g) => g >= 0 && g < 1));
  assert.ok(Math.abs(mean(gammas) - 0.5) < 0.02, `mean γ ${mean(gammas)}`);
  assert.ok(Math.abs(std(gammas) - 1 / Math.sqrt(12)) < 0.02);
  const bn = "layer4.1.bn2";
  assert.ok(values(resnet18, `${bn}/beta`).every((v) => v === 0));
  assert.ok(values(resnet18, `${bn}/moving_mean`).every((v) => v === 0));
  assert.ok(values(resnet18, `${bn}/moving_variance`).every((v) => v === 1));
});

test("DenseNet uses its own init: conv ~ N(0, √(2/(k²·out))), γ = 1, linear bias 0", () => {
  const kernel = values(densenet, "block2.layer.3.conv1/kernel");
  const expected = Math.sqrt(2 / (1 * 1 * 48));
  assert.ok(Math.abs(std(kernel) - expected) < 0.05 * expected, `std ${std(kernel)} vs ${expected}`);
  assert.ok(Math.abs(mean(kernel)) < 0.05 * expected);
  assert.ok(values(densenet, "bn1/gamma").every((g) => g === 1));
  assert.ok(values(densenet, "fc/bias").every((b) => b === 0));
  const fc = values(densenet, "fc/kernel");
  assert.ok(maxAbs(fc) <= Math.fround(1 / Math.sqrt(132)) && maxAbs(fc) > 0.9 / Math.sqrt(132));
});
