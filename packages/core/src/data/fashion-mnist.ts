import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { DatasetError, type ImageDataset, type ImageSplit } from "./dataset.ts";
import { parseIdx } from "./idx.ts";
import { DATASET_DIRS, DEBIAN_FASHION_MNIST, datasetHelp } from "./locations.ts";
import { NORMALIZATION } from "./normalization.ts";

const gunzipAsync = promisify(gunzip);

export const FASHION_MNIST_FILES = [
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
] as const;

/** A file as found on disk: `<base>.gz` or `<base>` unpacked. */
function findFile(dir: string, base: string): string | null {
  for (const name of [`${base}.gz`, base]) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** The first folder holding all four files: `<root>/fashion-mnist`, then Debian's. */
export function fashionMnistDir(root: string): string | null {
  const candidates = [path.join(root, DATASET_DIRS["fashion-mnist"]), DEBIAN_FASHION_MNIST];
  return candidates.find((dir) => FASHION_MNIST_FILES.every((f) => findFile(dir, f))) ?? null;
}

async function readIdx(dir: string, base: string, dims: number) {
  const file = findFile(dir, base)!;
  let bytes: Uint8Array = await readFile(file);
  if (file.endsWith(".gz")) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (error) {
      throw new DatasetError(`${file} is not a valid gzip file (${(error as Error).message}). Delete it and download it again.`);
    }
  }
  return { file, ...parseIdx(bytes, file, dims) };
}

async function readSplit(dir: string, prefix: "train" | "t10k"): Promise<ImageSplit> {
  const images = await readIdx(dir, `${prefix}-images-idx3-ubyte`, 3);
  const labels = await readIdx(dir, `${prefix}-labels-idx1-ubyte`, 1);
  const [size, height, width] = images.dims;
  if (height !== 28 || width !== 28) {
    throw new DatasetError(`${images.file} holds ${height}×${width} images; Fashion-MNIST's are 28×28.`);
  }
  if (labels.dims[0] !== size) {
    throw new DatasetError(`${labels.file} has ${labels.dims[0]} labels for ${size} images in ${images.file}.`);
  }
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0) throw new DatasetError(`${labels.file}: label ${labels.data[bad]} at index ${bad} is outside 0–9.`);
  return { images: images.data, labels: labels.data, size: size! };
}

/** Fashion-MNIST from its IDX files (gzipped or not): 60,000 train / 10,000 test, 28×28×1. */
export async function loadFashionMnist(root: string): Promise<ImageDataset> {
  const dir = fashionMnistDir(root);
  if (!dir) {
    const own = path.join(root, DATASET_DIRS["fashion-mnist"]);
    const missing = FASHION_MNIST_FILES.filter((f) => !findFile(own, f)).map((f) => `${f}(.gz)`);
    throw new DatasetError(
      `Fashion-MNIST not found: ${own} lacks ${missing.join(", ")}, and ${DEBIAN_FASHION_MNIST} is not ` +
        `complete either. ${datasetHelp("fashion-mnist", root)}`,
    );
  }
  const [train, test] = await Promise.all([readSplit(dir, "train"), readSplit(dir, "t10k")]);
  return { name: "fashion-mnist", height: 28, width: 28, channels: 1, classes: 10, train, test, ...NORMALIZATION["fashion-mnist"] };
}
