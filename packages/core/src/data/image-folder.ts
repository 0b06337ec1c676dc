import { existsSync } from "node:fs";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CIFAR_SIDE, encodeCifarRecords, parseCifarRecords } from "./cifar-binary.ts";
import { DatasetError, type ImageSplit } from "./dataset.ts";
import { decodePng } from "./png.ts";

export interface FolderSpec {
  /** The dataset's folder: holds `<split>/<class>/*.png` and/or the `<split>.bin` cache. */
  dir: string;
  /** Folder names to try for the split, in order (e.g. ["test", "val"]). */
  splitDirs: readonly string[];
  /** The cache file's name inside `dir`, e.g. "train.bin". */
  cacheFile: string;
  classes: number;
  /** Maps the class folder names found to labels; null drops a folder. Throws DatasetError on a bad tree. */
  labelsOf: (folders: readonly string[], where: string) => Map<string, number | null>;
  /** What to do when the split is missing; appended to the error. */
  help: string;
}

const PIXELS = CIFAR_SIDE * CIFAR_SIDE * 3;
const READ_CONCURRENCY = 64;

/**
 * A split of 32×32 RGB images. Decoding a large folder of PNGs takes a while, so the first load
 * writes its records to `<dir>/<cacheFile>` in CIFAR-10's binary layout (1 label byte + R, G, B
 * planes) and later loads read that file alone. A user may also supply that file directly.
 */
export async function loadImageFolderSplit(spec: FolderSpec): Promise<ImageSplit> {
  const cache = path.join(spec.dir, spec.cacheFile);
  if (existsSync(cache)) {
    return parseCifarRecords([{ file: cache, bytes: await readFile(cache) }], { labelBytes: 1, labelIndex: 0, classes: spec.classes });
  }
  const splitDir = spec.splitDirs.map((d) => path.join(spec.dir, d)).find((d) => existsSync(d));
  if (!splitDir) {
    throw new DatasetError(`Neither ${spec.splitDirs.map((d) => path.join(spec.dir, d)).join(" nor ")} nor ${cache} exists. ${spec.help}`);
  }
  const split = await decodeFolder(splitDir, spec);
  // Best effort: a read-only dataset folder still loads, just without the cache. Written aside
  // and renamed, so an interrupted write never leaves a truncated cache behind.
  const partial = `${cache}.${process.pid}.partial`;
  await writeFile(partial, encodeCifarRecords(split))
    .then(() => rename(partial, cache))
    .catch(() => rm(partial, { force: true }));
  return split;
}

async function decodeFolder(splitDir: string, spec: FolderSpec): Promise<ImageSplit> {
  const folders = (await readdir(splitDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const labels = spec.labelsOf(folders, splitDir);
  const files: Array<{ file: string; label: number }> = [];
  for (const folder of [...labels.keys()].sort()) {
    const label = labels.get(folder);
    if (label === null || label === undefined) continue;
    const names = (await readdir(path.join(splitDir, folder))).sort();
    const other = names.find((n) => !n.toLowerCase().endsWith(".png"));
    if (other) {
      throw new DatasetError(
        `${path.join(splitDir, folder, other)} is not a PNG. Only 32×32 PNG images are read; convert the ` +
          `folder first (e.g. resize to 32×32 and save as PNG). ${spec.help}`,
      );
    }
    for (const name of names) files.push({ file: path.join(splitDir, folder, name), label });
  }
  if (files.length === 0) throw new DatasetError(`${splitDir} holds no PNG images in its class folders. ${spec.help}`);
  files.sort((a, b) => a.label - b.label || (a.file < b.file ? -1 : 1));
  const images = new Uint8Array(files.length * PIXELS);
  const out = new Uint8Array(files.length);
  for (let start = 0; start < files.length; start += READ_CONCURRENCY) {
    const batch = files.slice(start, start + READ_CONCURRENCY);
    const contents = await Promise.all(batch.map((f) => readFile(f.file)));
    contents.forEach((bytes, k) => {
      const { file, label } = batch[k]!;
      images.set(decode32(bytes, file, spec.help), (start + k) * PIXELS);
      out[start + k] = label;
    });
  }
  return { images, labels: out, size: files.length };
}

function decode32(bytes: Uint8Array, file: string, help: string): Uint8Array {
  let image;
  try {
    image = decodePng(bytes);
  } catch (error) {
    throw new DatasetError(`${file} cannot be read: ${(error as Error).message}. ${help}`);
  }
  if (image.width !== CIFAR_SIDE || image.height !== CIFAR_SIDE) {
    throw new DatasetError(`${file} is ${image.width}×${image.height}; images must be 32×32 (resizing is part of your preprocessing). ${help}`);
  }
  return image.rgb;
}
