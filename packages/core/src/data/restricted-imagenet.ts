import path from "node:path";
import { DatasetError, type ImageDataset } from "./dataset.ts";
import { loadImageFolderSplit } from "./image-folder.ts";
import { DATASET_DIRS, datasetHelp } from "./locations.ts";
import { NORMALIZATION } from "./normalization.ts";

/**
 * Restricted ImageNet's 9 superclasses over inclusive ImageNet class-index ranges, in the
 * `robustness` library's order (reference-spec §1): label i is RESTRICTED_IMAGENET_RANGES[i].
 */
export const RESTRICTED_IMAGENET_RANGES = [
  { name: "dog", from: 151, to: 268 },
  { name: "cat", from: 281, to: 285 },
  { name: "frog", from: 30, to: 32 },
  { name: "turtle", from: 33, to: 37 },
  { name: "bird", from: 80, to: 100 },
  { name: "primate", from: 365, to: 382 },
  { name: "fish", from: 389, to: 397 },
  { name: "crab", from: 118, to: 121 },
  { name: "insect", from: 300, to: 319 },
] as const;

/** The superclass of an ImageNet class index, or null when it is in none of the ranges. */
export function superclassOf(imagenetIndex: number): number | null {
  const i = RESTRICTED_IMAGENET_RANGES.findIndex((r) => imagenetIndex >= r.from && imagenetIndex <= r.to);
  return i < 0 ? null : i;
}

/**
 * Class folders are named by ImageNet class index (0–999, zero padding allowed), or are the
 * full set of 1000 WordNet-id folders (n01440764 …), whose sorted order is the class index
 * (torchvision's ImageFolder order). Folders outside the 9 ranges are ignored.
 */
function restrictedLabels(folders: readonly string[], where: string): Map<string, number | null> {
  if (folders.every((f) => /^\d{1,4}$/.test(f))) {
    const bad = folders.find((f) => Number(f) > 999);
    if (bad) throw new DatasetError(`${path.join(where, bad)}: ImageNet class indices run 0–999.`);
    return new Map(folders.map((f) => [f, superclassOf(Number(f))]));
  }
  if (folders.every((f) => /^n\d{8}$/.test(f)) && folders.length === 1000) {
    return new Map([...folders].sort().map((f, i) => [f, superclassOf(i)]));
  }
  throw new DatasetError(
    `${where}: class folders must all be ImageNet class indices (0–999) or all 1000 WordNet ids ` +
      `(found ${folders.length} folders, e.g. ${folders.slice(0, 3).join(", ")}). With only some WordNet-id ` +
      `folders, rename each to its index in the sorted list of the 1000 ImageNet WordNet ids.`,
  );
}

/** Restricted ImageNet (9 classes) from a user's 32×32 PNG export of ImageNet. */
export async function loadRestrictedImagenet(root: string): Promise<ImageDataset> {
  const dir = path.join(root, DATASET_DIRS["restricted-imagenet"]);
  const help = datasetHelp("restricted-imagenet", root);
  const classes = RESTRICTED_IMAGENET_RANGES.length;
  const load = (split: "train" | "test") =>
    loadImageFolderSplit({
      dir,
      splitDirs: split === "train" ? ["train"] : ["test", "val"],
      cacheFile: `${split}.bin`,
      classes,
      labelsOf: restrictedLabels,
      help,
    });
  const [train, test] = await Promise.all([load("train"), load("test")]);
  return { name: "restricted-imagenet", height: 32, width: 32, channels: 3, classes, train, test, ...NORMALIZATION["restricted-imagenet"] };
}
