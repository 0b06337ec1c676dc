import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { digestFile, KNOWN_DIGESTS, matchesKnown } from "./checksums.ts";
import { CIFAR_FILES } from "./cifar.ts";
import type { DatasetName } from "./dataset.ts";
import { FASHION_MNIST_FILES, fashionMnistDir } from "./fashion-mnist.ts";
import { DATASET_DIRS, datasetHelp, defaultDatasetRoot } from "./locations.ts";

export interface DatasetFileStatus {
  /** Name relative to the dataset's folder; a trailing "/" marks an image folder. */
  file: string;
  present: boolean;
  /** Computed only for files with a pinned identity. */
  sha256?: string;
  md5?: string;
  /** Whether the file matches its pinned digest (or, for a decoded cache, its record layout). */
  ok?: boolean;
  /** PNG images found under an image folder. */
  images?: number;
}

export interface DatasetStatus {
  name: DatasetName;
  /** Everything needed to load it is there (not necessarily verified: see files[].ok). */
  present: boolean;
  path: string;
  files: DatasetFileStatus[];
  help: string;
}

function checkedFile(dir: string, file: string, dataset: string): DatasetFileStatus {
  const full = path.join(dir, file);
  if (!existsSync(full)) return { file, present: false };
  const known = KNOWN_DIGESTS[dataset]?.[file];
  if (!known) return { file, present: true };
  const digests = digestFile(full);
  return { file, present: true, ...digests, ok: matchesKnown(digests, known)! };
}

function countPngs(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) count += countPngs(path.join(dir, entry.name));
    else if (entry.name.toLowerCase().endsWith(".png")) count++;
  }
  return count;
}

/** A split of an image-folder dataset: its decoded cache and/or its folder of PNGs. */
function folderSplit(dir: string, split: string, splitDirs: readonly string[]): DatasetFileStatus[] {
  const cache = path.join(dir, `${split}.bin`);
  const cacheStatus: DatasetFileStatus = existsSync(cache)
    ? { file: `${split}.bin`, present: true, ok: statSync(cache).size % 3073 === 0 && statSync(cache).size > 0 }
    : { file: `${split}.bin`, present: false };
  const found = splitDirs.find((d) => existsSync(path.join(dir, d))) ?? splitDirs[0]!;
  const folder = path.join(dir, found);
  const folderStatus: DatasetFileStatus = existsSync(folder)
    ? { file: `${found}/`, present: true, images: countPngs(folder) }
    : { file: `${found}/`, present: false };
  return [cacheStatus, folderStatus];
}

/**
 * What is on disk for every dataset under `root`, with pinned checksums verified (reading
 * CIFAR's files takes about a second). Synthetic data is always present.
 */
export function datasetStatus(root: string = defaultDatasetRoot()): DatasetStatus[] {
  const fashionDir = fashionMnistDir(root) ?? path.join(root, DATASET_DIRS["fashion-mnist"]);
  const fashionFiles = FASHION_MNIST_FILES.map((base) => {
    const name = existsSync(path.join(fashionDir, `${base}.gz`)) || !existsSync(path.join(fashionDir, base)) ? `${base}.gz` : base;
    return checkedFile(fashionDir, name, "fashion-mnist");
  });
  const cifar = (name: "cifar10" | "cifar100"): DatasetStatus => {
    const dir = path.join(root, DATASET_DIRS[name]);
    const files = [...CIFAR_FILES[name].train, ...CIFAR_FILES[name].test].map((f) => checkedFile(dir, f, name));
    return { name, present: files.every((f) => f.present), path: dir, files, help: datasetHelp(name, root) };
  };
  const folders = (name: "cinic10" | "restricted-imagenet"): DatasetStatus => {
    const dir = path.join(root, DATASET_DIRS[name]);
    const train = folderSplit(dir, "train", ["train"]);
    const test = folderSplit(dir, "test", name === "cinic10" ? ["test"] : ["test", "val"]);
    const present = [train, test].every((split) => split.some((f) => f.present && f.ok !== false && f.images !== 0));
    return { name, present, path: dir, files: [...train, ...test], help: datasetHelp(name, root) };
  };
  return [
    { name: "fashion-mnist", present: fashionFiles.every((f) => f.present), path: fashionDir, files: fashionFiles, help: datasetHelp("fashion-mnist", root) },
    cifar("cifar10"),
    cifar("cifar100"),
    folders("cinic10"),
    folders("restricted-imagenet"),
    { name: "synthetic", present: true, path: "(generated in memory)", files: [], help: "Generated from a seed; nothing to download." },
  ];
}

