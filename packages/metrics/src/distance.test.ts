import assert from "node:assert/strict";
import { test } from "node:test";
import { distance } from "./distance.ts";
import { frobeniusNorm } from "./frobenius-norm.ts";
import { MetricsError } from "./metrics-error.ts";
import { selectedTensorNames, type NamedWeights } from "./named-weights.ts";

const t = (shape: number[], values: number[]) => ({ shape, values: Float32Array.from(values) });

// A conv with bias and a batch norm, named the way tfjs names them.
function model(kernel: number[], bias: number, gamma: number, beta: number, mean: number, variance: number): NamedWeights {
  return {
    "layer1.0.conv1/kernel": t([1, 1, 1, 2], kernel),
    "layer1.0.conv1/bias": t([1], [bias]),
    "layer1.0.bn1/gamma": t([1], [gamma]),
    "layer1.0.bn1/beta": t([1], [beta]),
    "layer1.0.bn1/moving_mean": t([1], [mean]),
    "layer1.0.bn1/moving_variance": t([1], [variance]),
  };
}

const w1 = model([3, 4], 1, 2, 0, 5, 7);
const w2 = model([0, 0], 1, 1, 2, 0, 3);

test("distance divides by the second argument's norm (reference-spec §5)", () => {
  // trainable: W1−W2 = (3,4,0,1,−2) → 9+16+0+1+4 = 30; ‖W2‖² = 0+0+1+1+4 = 6.
  assert.equal(distance(w1, w2), Math.sqrt(30 / 6));
  // Swapped: ‖W1‖² = 9+16+1+4+0 = 30, same numerator.
  assert.equal(distance(w2, w1), Math.sqrt(30 / 30));
});

test("the tensor selection decides what counts", () => {
  // weights-only: kernel only; ‖W2 kernel‖ = 0, so the distance is undefined.
  assert.throws(() => distance(w1, w2, { tensors: "weights-only" }), /‖W2‖ is 0 over the weights-only tensors/);
  assert.equal(distance(w2, w1, { tensors: "weights-only" }), 1);
  // all: + running stats (5−0)², (7−3)² = 25+16 → 71; ‖W2‖² = 6 + 0 + 9 = 15.
  assert.equal(distance(w1, w2, { tensors: "all" }), Math.sqrt(71 / 15));
  assert.deepEqual(selectedTensorNames(w1, "weights-only"), ["layer1.0.conv1/kernel"]);
  assert.deepEqual(selectedTensorNames({ "fc1/kernel": t([1], [1]), "fc1/bias": t([1], [1]), "bn/gamma_1": t([1], [1]) }, "weights-only"), ["fc1/kernel"]);
  assert.equal(selectedTensorNames(w1).length, 4);
  assert.equal(selectedTensorNames({ "bn1.running_var": t([1], [1]), "bn1.num_batches_tracked": t([1], [1]) }, "trainable").length, 0);
});

test("distance sums in float64 across tensors", () => {
  // d = 0.4f − 0.1f = 3·0.1f (exact in float64), so d(W1, W2) = 3. Summing a million squares of
  // ≈0.01 in float32 would drift by about 1e-3; float64 stays within 1e-9.
  const n = 1_000_000;
  const a = { "fc1/kernel": { shape: [n], values: new Float32Array(n).fill(0.4) } };
  const b = { "fc1/kernel": { shape: [n], values: new Float32Array(n).fill(0.1) } };
  assert.ok(Math.abs(distance(a, b) - 3) < 1e-9, String(distance(a, b)));
});

test("distance names what is wrong instead of returning NaN", () => {
  const missing: NamedWeights = { ...w1 };
  delete missing["layer1.0.bn1/beta"];
  assert.throws(() => distance(missing, w2), /only W2 has "layer1.0.bn1\/beta"/);
  assert.throws(() => distance(w2, missing), /only W1 has "layer1.0.bn1\/beta"/);
  // A running statistic is not selected by default, so its absence is fine then.
  const noStats: NamedWeights = { ...w1 };
  delete noStats["layer1.0.bn1/moving_mean"];
  assert.equal(distance(noStats, w2), Math.sqrt(5));
  assert.throws(() => distance(noStats, w2, { tensors: "all" }), MetricsError);

  const reshaped = { ...w1, "layer1.0.conv1/kernel": t([2, 1], [3, 4]) };
  assert.throws(() => distance(reshaped, w2), /"layer1.0.conv1\/kernel" has shape \[2, 1\] in W1 but \[1, 1, 1, 2\] in W2/);

  const nan = { ...w1, "layer1.0.conv1/kernel": t([1, 1, 1, 2], [3, Number.NaN]) };
  assert.throws(() => distance(nan, w2), /"layer1.0.conv1\/kernel" of W1 holds NaN at index 1/);
  const inf = { ...w2, "layer1.0.bn1/beta": t([1], [Number.NEGATIVE_INFINITY]) };
  assert.throws(() => distance(w1, inf), /"layer1.0.bn1\/beta" of W2 holds -Infinity at index 0/);

  const short = { ...w1, "layer1.0.conv1/kernel": { shape: [1, 1, 1, 2], values: new Float32Array(3) } };
  assert.throws(() => distance(short, w2), /has 3 values but shape \[1, 1, 1, 2\] needs 2/);
  assert.throws(() => distance({}, {}), /No tensors are selected/);
});

test("frobeniusNorm uses the same selection", () => {
  assert.equal(frobeniusNorm(w1), Math.sqrt(9 + 16 + 1 + 4 + 0));
  assert.equal(frobeniusNorm(w1, { tensors: "weights-only" }), 5);
  assert.equal(frobeniusNorm(w1, { tensors: "all" }), Math.sqrt(30 + 25 + 49));
  assert.throws(() => frobeniusNorm({ ...w1, "layer1.0.bn1/gamma": t([1], [Number.NaN]) }), /"layer1.0.bn1\/gamma" of W holds NaN at index 0/);
});
