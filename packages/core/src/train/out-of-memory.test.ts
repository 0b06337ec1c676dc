import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, test } from "node:test";
import { syntheticDataset } from "../data/index.ts";
import { initEngine } from "../engine/index.ts";
import { TrainingError } from "../toy/train-toy.ts";
import { imageRunConfigSchema } from "./image-config.ts";
import { isOutOfMemory } from "./out-of-memory.ts";
import { trainImage } from "./train-image.ts";

/**
 * The native engine's own out-of-memory error: a 14 GB matrix product under a 6 GB address-space
 * limit, in a plain Node process (tsx's WebAssembly and V8's heap do not start under such a limit).
 */
function realOutOfMemoryError(): Error {
  const script = `
    const tf = await import("@tensorflow/tfjs-node");
    try { tf.matMul(tf.ones([60000, 1]), tf.ones([1, 60000])); console.log("no error"); }
    catch (error) { console.log(JSON.stringify(error.message)); }`;
  const child = spawnSync("bash", ["-c", `ulimit -v 6000000 && exec "${process.execPath}" --input-type=module -e '${script}'`], {
    cwd: import.meta.dirname,
    encoding: "utf8",
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" },
  });
  assert.equal(child.status, 0, child.stderr);
  return new Error(JSON.parse(child.stdout.trim().split("\n").at(-1)!) as string);
}

before(() => initEngine());

test("an out-of-memory failure in a run stops it with the model, batch size and what to change", async () => {
  const oom = realOutOfMemoryError();
  assert.match(oom.message, /OOM when allocating tensor with shape\[60000,60000\]/);
  const dataset = syntheticDataset({ size: 32, testSize: 16, height: 8, width: 8, channels: 1, classes: 2, seed: 1 });
  const config = imageRunConfigSchema.parse({
    kind: "image", dataset: "synthetic", trainSubset: null, testSubset: null, model: "small-cnn", width: 0.25, init: "framework",
    seed: 1, phase: "train", start: "random", mode: "vanilla", epochs: 2, lr: 0.01, milestones: [], gamma: 0.1, batchSize: 16,
    weightDecay: 0, momentum: 0, confusion: null, stopAt: null, evalEvery: 1, checkpointEvery: 1,
  });
  const dir = mkdtempSync(path.join(tmpdir(), "minima-oom-"));
  const run = trainImage(config, {
    dataset,
    checkpointDir: (name) => path.join(dir, name),
    onEpoch: () => {
      throw oom;
    },
  });
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof TrainingError);
    // TensorFlow names its allocator "cpu", or "mklcpu" with oneDNN on.
    assert.equal(
      error.message,
      "Out of memory training small-cnn (width 0.25) at batch size 16 on the tensorflow backend: OOM when allocating tensor with shape[60000,60000] " +
        `and type float on /job:localhost/replica:0/task:0/device:CPU:0 by allocator ${/by allocator mklcpu/.test(oom.message) ? "mklcpu" : "cpu"}. ` +
        "Lower the batch size or the model width, or run fewer runs at once on this device (the daemon's --concurrency).",
    );
    return true;
  });
});

test("only out-of-memory errors are recognised as such", () => {
  assert.ok(isOutOfMemory(new RangeError("Array buffer allocation failed")));
  assert.ok(!isOutOfMemory(new Error("The training loss became NaN at epoch 3, step 40; the run is stopped.")));
  assert.ok(!isOutOfMemory("OOM"));
});
