import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../rng.ts";
import type { ImageSplit } from "./dataset.ts";
import { loadDataset } from "./load-dataset.ts";
import { stratifiedSubset } from "./subset.ts";

const counts = (split: ImageSplit, classes: number) => Array.from({ length: classes }, (_, k) => split.labels.filter((l) => l === k).length);

test("a subset keeps every class's share and the original order", () => {
  // Classes of 600, 300 and 100 images, each image's one value its index mod 256.
  const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2));
  const split = { images: Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff), labels, size: 1000 };
  const subset = stratifiedSubset(split, 101, 3, new Rng(1));
  assert.equal(subset.size, 101);
  assert.deepEqual(counts(subset, 3), [61, 30, 10]);
  const sources = [...subset.images];
  assert.ok(sources.every((v, i) => i === 0 || v !== sources[i - 1]), "distinct images");
  assert.deepEqual(stratifiedSubset(split, 101, 3, new Rng(1)), subset);
  assert.notDeepEqual(stratifiedSubset(split, 101, 3, new Rng(2)).images, subset.images);
  assert.equal(stratifiedSubset(split, 5000, 3, new Rng(1)), split);
  assert.throws(() => stratifiedSubset(split, 0, 3, new Rng(1), "trainSubset"), /trainSubset must be an integer ≥ 1, got 0/);
});

test("loadDataset takes seeded, class-balanced train and test subsets", async () => {
  const data = await loadDataset("synthetic", { trainSubset: 500, testSubset: 100, seed: 3 });
  assert.equal(data.train.size, 500);
  assert.deepEqual(counts(data.train, 10), Array(10).fill(50));
  assert.deepEqual(counts(data.test, 10), Array(10).fill(10));
  const again = await loadDataset("synthetic", { trainSubset: 500, testSubset: 100, seed: 3 });
  assert.deepEqual(again.train, data.train);
  const other = await loadDataset("synthetic", { trainSubset: 500, seed: 3 });
  assert.equal(other.test.size, 500);
});
