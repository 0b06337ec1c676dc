import type { Rng } from "../rng.ts";
import type { ImageSplit } from "./dataset.ts";

/**
 * A seeded, class-stratified subset of `count` images: each class keeps its share of the split
 * (largest-remainder rounding, ties to the lower class), drawn at random within the class.
 * Images keep their original order. `count` ≥ the split's size returns the split itself.
 */
export function stratifiedSubset(split: ImageSplit, count: number, classes: number, rng: Rng, field = "subset"): ImageSplit {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${field} must be an integer ≥ 1, got ${count}.`);
  if (count >= split.size) return split;
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < split.size; i++) byClass[split.labels[i]!]!.push(i);
  const exact = byClass.map((members) => (count * members.length) / split.size);
  const quota = exact.map(Math.floor);
  let left = count - quota.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c);
  for (const { c } of byRemainder) {
    if (left === 0) break;
    quota[c] = quota[c]! + 1;
    left--;
  }
  const chosen: number[] = [];
  byClass.forEach((members, c) => {
    const order = rng.permutation(members.length);
    for (let k = 0; k < quota[c]!; k++) chosen.push(members[order[k]!]!);
  });
  chosen.sort((a, b) => a - b);
  return gather(split, chosen);
}

/** The images at `indices`, copied into a new split. */
export function gather(split: ImageSplit, indices: readonly number[]): ImageSplit {
  const imageSize = split.images.length / split.size;
  const images = new Uint8Array(indices.length * imageSize);
  const labels = new Uint8Array(indices.length);
  indices.forEach((i, k) => {
    images.set(split.images.subarray(i * imageSize, (i + 1) * imageSize), k * imageSize);
    labels[k] = split.labels[i]!;
  });
  return { images, labels, size: indices.length };
}
