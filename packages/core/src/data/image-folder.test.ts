import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { CINIC10_CLASSES } from "./cinic10.ts";
import { DatasetError } from "./dataset.ts";
import { loadDataset } from "./load-dataset.ts";
import { superclassOf } from "./restricted-imagenet.ts";
import { encodePng, patternImage, tempRoot, writeFile } from "./test-fixtures.ts";

const png = (seed: number) => encodePng(32, 32, 2, patternImage(seed));

function cinicTree(root: string) {
  const dir = path.join(root, "cinic10");
  CINIC10_CLASSES.forEach((name, label) => {
    for (const split of ["train", "test"]) {
      writeFile(path.join(dir, split, name, `cifar10-${split}-${label}.png`), png(label));
      writeFile(path.join(dir, split, name, `n0000-${label}.png`), png(100 + label));
    }
  });
  // CINIC-10 has some greyscale PNGs among its ImageNet-derived images.
  writeFile(path.join(dir, "train", "ship", "grey.png"), encodePng(32, 32, 0, new Uint8Array(1024).fill(77)));
  return dir;
}

test("CINIC-10 loads from its class folders in CIFAR-10 label order and caches the decoded records", async () => {
  const root = tempRoot();
  const dir = cinicTree(root);
  const data = await loadDataset("cinic10", { root });
  assert.deepEqual([data.train.size, data.test.size, data.classes, data.channels], [21, 20, 10, 3]);
  assert.deepEqual([...data.test.labels], [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
  // Within a class, files are read in name order: cifar10-… before n0000-….
  assert.deepEqual(data.test.images.subarray(3 * 3072, 4 * 3072), patternImage(101));
  const ship = 8 * 2;
  assert.deepEqual([data.train.labels[ship], data.train.labels[ship + 2]], [8, 8]);
  assert.deepEqual(data.train.images.subarray((ship + 1) * 3072, (ship + 2) * 3072), new Uint8Array(3072).fill(77));
  assert.deepEqual(data.mean, [0.47889522, 0.47227842, 0.43047404]);
  assert.ok(existsSync(path.join(dir, "train.bin")) && existsSync(path.join(dir, "test.bin")));
  rmSync(path.join(dir, "train"), { recursive: true });
  const cached = await loadDataset("cinic10", { root });
  assert.deepEqual(cached.train, data.train);
});

test("a missing or malformed CINIC-10 tree is a DatasetError that names the path and the download page", async () => {
  const root = tempRoot();
  await assert.rejects(loadDataset("cinic10", { root }), (error: Error) => {
    assert.ok(error instanceof DatasetError);
    assert.ok(error.message.includes(path.join(root, "cinic10", "train")));
    assert.match(error.message, /https:\/\/datashare\.ed\.ac\.uk\/handle\/10283\/3192/);
    return true;
  });
  const dir = cinicTree(tempRoot());
  rmSync(path.join(dir, "test", "frog"), { recursive: true });
  await assert.rejects(loadDataset("cinic10", { root: path.dirname(dir) }), /missing: frog/);
  const big = cinicTree(tempRoot());
  const file = writeFile(path.join(big, "train", "cat", "big.png"), encodePng(64, 64, 2, new Uint8Array(64 * 64 * 3)));
  await assert.rejects(loadDataset("cinic10", { root: path.dirname(big) }), (error: Error) => {
    assert.ok(error instanceof DatasetError && error.message.includes(file));
    assert.match(error.message, /is 64×64; images must be 32×32/);
    return true;
  });
  const jpeg = cinicTree(tempRoot());
  writeFile(path.join(jpeg, "train", "dog", "x.jpg"), new Uint8Array([0xff, 0xd8]));
  await assert.rejects(loadDataset("cinic10", { root: path.dirname(jpeg) }), /x\.jpg is not a PNG/);
});

test("Restricted ImageNet maps ImageNet class-index folders to the 9 superclasses and ignores the rest", async () => {
  assert.deepEqual([151, 268, 281, 30, 37, 100, 382, 389, 121, 319].map(superclassOf), [0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([0, 150, 269, 286, 999].map(superclassOf), [null, null, null, null, null]);
  const root = tempRoot();
  const dir = path.join(root, "restricted-imagenet");
  for (const [folder, seed] of [["151", 1], ["0300", 2], ["030", 3], ["999", 4]] as const) {
    writeFile(path.join(dir, "train", folder, "a.png"), png(seed));
  }
  writeFile(path.join(dir, "val", "390", "b.png"), png(5));
  const data = await loadDataset("restricted-imagenet", { root });
  assert.equal(data.classes, 9);
  assert.deepEqual([...data.train.labels], [0, 2, 8]);
  assert.deepEqual(data.train.images.subarray(3072, 6144), patternImage(3));
  assert.deepEqual([...data.test.labels], [6]);
  assert.deepEqual(data.std, [0.26, 0.2516, 0.2575]);

  const partial = path.join(tempRoot(), "restricted-imagenet");
  writeFile(path.join(partial, "train", "n02085620", "a.png"), png(1));
  writeFile(path.join(partial, "val", "n02085620", "b.png"), png(2));
  await assert.rejects(loadDataset("restricted-imagenet", { root: path.dirname(partial) }), /all 1000 WordNet ids/);
});
