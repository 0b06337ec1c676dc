import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import type { ModelName } from "../models/index.ts";
import { CHAOTIC_AT_SMALL_INPUT, l2Gap } from "../models/testing.ts";
import { initEngine } from "./select-backend.ts";

before(async () => {
  const engine = await initEngine();
  assert.equal(engine.backend, "tensorflow");
});

test("oneDNN is on by default on the native backend", async () => {
  assert.equal((await initEngine()).onednn, true);
  assert.equal(process.env.TF_ENABLE_ONEDNN_OPTS, "1");
});

/** The filter gradient of a conv, in float64 loops: the reference for the 1×1 strided case. */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, stride: number, padTop: number): Float64Array {
  const [n, h, w, inChannels] = x.shape;
  const [, outH, outW, outChannels] = dy.shape;
  const xs = x.dataSync();
  const dys = dy.dataSync();
  const grad = new Float64Array(k * k * inChannels * outChannels);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < outH; i++)
      for (let j = 0; j < outW; j++)
        for (let p = 0; p < k; p++)
          for (let q = 0; q < k; q++) {
            const [r, c] = [i * stride + p - padTop, j * stride + q - padTop];
            if (r < 0 || c < 0 || r >= h || c >= w) continue;
            for (let ci = 0; ci < inChannels; ci++) {
              const xv = xs[((b * h + r) * w + c) * inChannels + ci]!;
              for (let co = 0; co < outChannels; co++) grad[((p * k + q) * inChannels + ci) * outChannels + co]! += xv * dys[((b * outH + i) * outW + j) * outChannels + co]!;
            }
          }
  return grad;
}

test("strided conv filter gradients are exact under oneDNN (its 1×1 stride-2 kernel is not; onednn.ts)", () => {
  // Every one of these 1×1 cases was off by 25–120% with oneDNN's own kernel (measured).
  const cases = [
    { k: 1, inChannels: 1, outChannels: 4, h: 8 },
    { k: 1, inChannels: 3, outChannels: 16, h: 32 },
    { k: 1, inChannels: 4, outChannels: 16, h: 8 },
    { k: 1, inChannels: 7, outChannels: 64, h: 32 },
    { k: 1, inChannels: 16, outChannels: 32, h: 8 },
    { k: 3, inChannels: 4, outChannels: 8, h: 8 },
  ];
  for (const { k, inChannels, outChannels, h } of cases)
    for (const pad of ["same", "valid"] as const)
      tf.tidy(() => {
        const x = tf.randomNormal<tf.Rank.R4>([6, h, h, inChannels], 0, 1, "float32", 1);
        const filter = tf.zeros<tf.Rank.R4>([k, k, inChannels, outChannels]);
        const dy = tf.randomNormal<tf.Rank.R4>(tf.conv2d(x, filter, 2, pad).shape, 0, 1, "float32", 2);
        const got = tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, 2, pad).mul(dy).sum())(filter).dataSync<"float32">();
        const padTop = pad === "same" ? Math.max(0, ((dy.shape[1] - 1) * 2 + k - h) >> 1) : 0;
        const want = filterGradient(x, dy, k, 2, padTop);
        const scale = Math.max(...want.map(Math.abs));
        const worst = got.reduce((m: number, v, i) => Math.max(m, Math.abs(v - want[i]!)), 0);
        assert.ok(worst <= 1e-5 * scale, `${k}×${k}, ${inChannels}→${outChannels} channels, ${h}×${h}, ${pad}: off by ${worst} (largest ${scale})`);
      });
});

interface Gradients {
  onednn: boolean;
  gradients: Record<string, Record<string, number[]>>;
}

function gradientsWith(onednn: "0" | "1"): Gradients {
  const child = spawnSync(process.execPath, ["--import", "tsx", new URL("./model-gradients.fixture.ts", import.meta.url).pathname], {
    encoding: "utf8",
    maxBuffer: 256 * 2 ** 20,
    env: { ...process.env, TF_ENABLE_ONEDNN_OPTS: onednn, TF_CPP_MIN_LOG_LEVEL: "2" },
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Gradients;
}

/**
 * The fused-vs-plain comparison runs both paths on one engine, so a kernel both share is not
 * checked by it. This compares every model's gradients between oneDNN and the Eigen kernels: each
 * tensor within 1e-4 relative L2 (the paths differ by float noise, ≤ 3e-5 measured), ResNet50
 * within 10% (its ReLU kinks make it chaotic at this size: models/testing.ts), or
 * within 1e-5 absolute where the gradient is float noise around zero (a conv bias a BN follows).
 */
const FLOOR = 1e-5;
test("every model's gradients agree between the oneDNN and the Eigen kernels", () => {
  const onednn = gradientsWith("1");
  const eigen = gradientsWith("0");
  assert.equal(onednn.onednn, true);
  assert.equal(eigen.onednn, false, "TF_ENABLE_ONEDNN_OPTS=0 turns oneDNN off");
  for (const [model, tensors] of Object.entries(eigen.gradients)) {
    const tolerance = CHAOTIC_AT_SMALL_INPUT.has(model as ModelName) ? 0.1 : 1e-4;
    for (const [key, want] of Object.entries(tensors)) {
      const { off, norm } = l2Gap(onednn.gradients[model]![key]!, want);
      assert.ok(off <= Math.max(FLOOR, tolerance * norm), `${model} ${key}: off by ${off} in L2 (norm ${norm})`);
    }
  }
});
