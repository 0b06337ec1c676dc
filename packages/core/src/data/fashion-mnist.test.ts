import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { DatasetError, type ImageDataset } from "./dataset.ts";
import { loadDataset } from "./load-dataset.ts";
import { channelStats, NORMALIZATION } from "./normalization.ts";
import { idxBytes, tempRoot, writeFile } from "./test-fixtures.ts";

let data: ImageDataset;
before(async () => {
  // An empty root: the loader falls back to Debian's /usr/share/datasets/fashion-mnist.
  data = await loadDataset("fashion-mnist", { root: tempRoot() });
});

test("Debian's Fashion-MNIST parses: 60000/10000 images of 28×28×1, balanced labels 0–9, known first image", () => {
  assert.deepEqual([data.height, data.width, data.channels, data.classes], [28, 28, 1, 10]);
  assert.equal(data.train.size, 60_000);
  assert.equal(data.test.size, 10_000);
  assert.equal(data.train.images.length, 60_000 * 784);
  const counts = (labels: Uint8Array) => Array.from({ length: 10 }, (_, k) => labels.filter((l) => l === k).length);
  assert.deepEqual(counts(data.train.labels), Array(10).fill(6000));
  assert.deepEqual(counts(data.test.labels), Array(10).fill(1000));
  // The first train images are an ankle boot (9), two T-shirts (0), a dress (3).
  assert.deepEqual([...data.train.labels.subarray(0, 4)], [9, 0, 0, 3]);
  assert.equal(data.test.labels[0], 9);
  const first = data.train.images.subarray(0, 784);
  assert.equal(first[3 * 28 + 12], 1);
  assert.equal(first[14 * 28 + 14], 217);
  assert.equal(first.reduce((a, b) => a + b, 0), 76_247);
});

test("the Fashion-MNIST Normalize constants are the train set's own mean and std", () => {
  const stats = channelStats(data.train, 1);
  assert.ok(Math.abs(stats.mean[0]! - NORMALIZATION["fashion-mnist"].mean[0]!) < 5e-4, `mean ${stats.mean[0]}`);
  assert.ok(Math.abs(stats.std[0]! - NORMALIZATION["fashion-mnist"].std[0]!) < 5e-4, `std ${stats.std[0]}`);
  assert.deepEqual(data.mean, [0.286]);
  assert.deepEqual(data.std, [0.353]);
});

function writeSmallSet(root: string) {
  const dir = path.join(root, "fashion-mnist");
  const images = (n: number) => idxBytes([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => i % 251));
  const labels = (n: number) => idxBytes([n], Uint8Array.from({ length: n }, (_, i) => i % 10));
  writeFile(path.join(dir, "train-images-idx3-ubyte.gz"), gzipSync(images(20)));
  writeFile(path.join(dir, "train-labels-idx1-ubyte.gz"), gzipSync(labels(20)));
  writeFile(path.join(dir, "t10k-images-idx3-ubyte"), images(10));
  writeFile(path.join(dir, "t10k-labels-idx1-ubyte"), labels(10));
  return dir;
}

test("files under the root win over Debian's, gzipped or unpacked", async () => {
  const root = tempRoot();
  writeSmallSet(root);
  const data = await loadDataset("fashion-mnist", { root });
  assert.equal(data.train.size, 20);
  assert.equal(data.test.size, 10);
  assert.equal(data.train.images[300], 300 % 251);
  assert.deepEqual([...data.test.labels], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("a bad magic, a truncated file, a broken gzip or a label count mismatch is a DatasetError naming the file", async () => {
  const cases: Array<[string, (file: string) => void, RegExp]> = [
    ["t10k-images-idx3-ubyte", (f) => { const b = readFileSync(f); b[2] = 0x09; writeFileSync(f, b); }, /magic 00000903, expected 00000803/],
    ["t10k-images-idx3-ubyte", (f) => writeFileSync(f, readFileSync(f).subarray(0, 5000)), /data bytes, expected 10×28×28 = 7840/],
    ["train-labels-idx1-ubyte.gz", (f) => writeFileSync(f, readFileSync(f).subarray(0, 20)), /not a valid gzip file/],
    ["t10k-labels-idx1-ubyte", (f) => writeFileSync(f, idxBytes([9], new Uint8Array(9))), /9 labels for 10 images/],
  ];
  for (const [name, damage, message] of cases) {
    const dir = writeSmallSet(tempRoot());
    const file = path.join(dir, name);
    damage(file);
    await assert.rejects(loadDataset("fashion-mnist", { root: path.dirname(dir) }), (error: Error) => {
      assert.ok(error instanceof DatasetError, String(error));
      assert.match(error.message, message);
      assert.ok(error.message.includes(file), error.message);
      return true;
    });
  }
});
