import path from "node:path";
import { DatasetError, type ImageDataset } from "./dataset.ts";
import { loadImageFolderSplit } from "./image-folder.ts";
import { DATASET_DIRS, datasetHelp } from "./locations.ts";
import { NORMALIZATION } from "./normalization.ts";

/** CINIC-10's class folders, in CIFAR-10's label order (which is also alphabetical). */
export const CINIC10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"] as const;

function cinicLabels(folders: readonly string[], where: string): Map<string, number> {
  const missing = CINIC10_CLASSES.filter((c) => !folders.includes(c));
  const unknown = folders.filter((f) => !(CINIC10_CLASSES as readonly string[]).includes(f));
  if (missing.length > 0 || unknown.length > 0) {
    throw new DatasetError(
      `${where} should hold exactly the folders ${CINIC10_CLASSES.join(", ")}` +
        `${missing.length ? `; missing: ${missing.join(", ")}` : ""}${unknown.length ? `; unexpected: ${unknown.join(", ")}` : ""}.`,
    );
  }
  return new Map(CINIC10_CLASSES.map((c, i) => [c, i]));
}

/**
 * CINIC-10 from its image folders: the standard train (90k) and test (90k) splits; "valid" is
 * left out, as in the paper. Some CINIC-10 PNGs are greyscale; they are read as RGB.
 */
export async function loadCinic10(root: string): Promise<ImageDataset> {
  const dir = path.join(root, DATASET_DIRS.cinic10);
  const help = datasetHelp("cinic10", root);
  const load = (split: "train" | "test") =>
    loadImageFolderSplit({ dir, splitDirs: [split], cacheFile: `${split}.bin`, classes: 10, labelsOf: cinicLabels, help });
  const [train, test] = await Promise.all([load("train"), load("test")]);
  return { name: "cinic10", height: 32, width: 32, channels: 3, classes: 10, train, test, ...NORMALIZATION.cinic10 };
}
