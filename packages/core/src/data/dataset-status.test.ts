import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { datasetStatus } from "./dataset-status.ts";
import { DEBIAN_FASHION_MNIST } from "./locations.ts";
import { cifarRecords, encodePng, idxBytes, patternImage, tempRoot, writeFile } from "./test-fixtures.ts";

test("datasetStatus verifies Debian's Fashion-MNIST against pinned checksums and reports what is missing", () => {
  const root = tempRoot();
  const status = datasetStatus(root);
  assert.deepEqual(status.map((s) => s.name), ["fashion-mnist", "cifar10", "cifar100", "cinic10", "restricted-imagenet", "synthetic"]);
  const fashion = status[0]!;
  assert.equal(fashion.path, DEBIAN_FASHION_MNIST);
  assert.equal(fashion.present, true);
  assert.deepEqual(fashion.files.map((f) => [f.file, f.ok]), [
    ["train-images-idx3-ubyte.gz", true],
    ["train-labels-idx1-ubyte.gz", true],
    ["t10k-images-idx3-ubyte.gz", true],
    ["t10k-labels-idx1-ubyte.gz", true],
  ]);
  assert.equal(fashion.files[1]!.sha256, "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056");
  const cifar10 = status[1]!;
  assert.equal(cifar10.present, false);
  assert.equal(cifar10.path, path.join(root, "cifar-10-batches-bin"));
  assert.equal(cifar10.files.length, 6);
  assert.ok(cifar10.files.every((f) => !f.present));
  assert.match(cifar10.help, /cifar-10-binary\.tar\.gz/);
  assert.equal(status[3]!.present, false);
  assert.match(status[4]!.help, /32×32/);
  assert.equal(status[5]!.present, true);
});

test("a corrupt file shows ok: false; image folders report their image counts and caches", () => {
  const root = tempRoot();
  const fashion = path.join(root, "fashion-mnist");
  for (const name of ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]) {
    writeFile(path.join(fashion, name), idxBytes([1], new Uint8Array(1)));
  }
  writeFile(path.join(root, "cifar-100-binary", "train.bin"), cifarRecords([{ labels: [1, 2], chw: new Uint8Array(3072) }]));
  const cinic = path.join(root, "cinic10");
  writeFile(path.join(cinic, "train", "cat", "a.png"), encodePng(32, 32, 2, patternImage(1)));
  writeFile(path.join(cinic, "train", "dog", "b.png"), encodePng(32, 32, 2, patternImage(2)));
  writeFile(path.join(cinic, "test.bin"), cifarRecords([{ labels: [3], chw: new Uint8Array(3072) }]));
  const [fmnist, , cifar100, cinic10] = datasetStatus(root);
  assert.equal(fmnist!.path, fashion);
  assert.deepEqual(fmnist!.files.map((f) => [f.file, f.present, f.ok]), [
    ["train-images-idx3-ubyte", true, false],
    ["train-labels-idx1-ubyte", true, false],
    ["t10k-images-idx3-ubyte", true, false],
    ["t10k-labels-idx1-ubyte", true, false],
  ]);
  assert.deepEqual(cifar100!.files.map((f) => [f.file, f.present, f.ok]), [["train.bin", true, false], ["test.bin", false, undefined]]);
  assert.equal(cifar100!.present, false);
  assert.deepEqual(cinic10!.files, [
    { file: "train.bin", present: false },
    { file: "train/", present: true, images: 2 },
    { file: "test.bin", present: true, ok: true },
    { file: "test/", present: false },
  ]);
  assert.equal(cinic10!.present, true);
});
