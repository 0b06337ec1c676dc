import { Rng } from "../rng.ts";
import { loadCifar } from "./cifar.ts";
import { loadCinic10 } from "./cinic10.ts";
import { DATASET_NAMES, DatasetError, type DatasetName, type ImageDataset } from "./dataset.ts";
import { loadFashionMnist } from "./fashion-mnist.ts";
import { defaultDatasetRoot } from "./locations.ts";
import { loadRestrictedImagenet } from "./restricted-imagenet.ts";
import { stratifiedSubset } from "./subset.ts";
import { syntheticDataset } from "./synthetic.ts";

export interface LoadOptions {
  /** Where datasets live; default MINIMA_DATASETS, else ~/.minima/datasets. */
  root?: string;
  /** Keep a seeded, class-stratified subset of this many train images. */
  trainSubset?: number;
  /** Likewise for the test split. */
  testSubset?: number;
  /** Seed of the subsets (default 0). */
  seed?: number;
}

/** The built-in synthetic set's shape: CIFAR-sized, so the CIFAR models and augmentation apply. */
const SYNTHETIC = { size: 2000, testSize: 500, height: 32, width: 32, channels: 3, classes: 10 } as const;

/**
 * Loads a dataset fully into memory as raw uint8 NHWC images, validating every file first:
 * anything missing, truncated or corrupt is a DatasetError that names the file and the fix.
 */
export async function loadDataset(name: DatasetName, options: LoadOptions = {}): Promise<ImageDataset> {
  const root = options.root ?? defaultDatasetRoot();
  const seed = options.seed ?? 0;
  let dataset: ImageDataset;
  switch (name) {
    case "fashion-mnist": dataset = await loadFashionMnist(root); break;
    case "cifar10":
    case "cifar100": dataset = await loadCifar(name, root); break;
    case "cinic10": dataset = await loadCinic10(root); break;
    case "restricted-imagenet": dataset = await loadRestrictedImagenet(root); break;
    case "synthetic": dataset = syntheticDataset({ ...SYNTHETIC, seed }); break;
    default:
      throw new DatasetError(`Unknown dataset "${String(name)}"; expected one of ${DATASET_NAMES.join(", ")}.`);
  }
  // One stream per split, so the test subset does not depend on whether a train subset was taken.
  if (options.trainSubset !== undefined) {
    dataset.train = stratifiedSubset(dataset.train, options.trainSubset, dataset.classes, new Rng(2 * seed), "trainSubset");
  }
  if (options.testSubset !== undefined) {
    dataset.test = stratifiedSubset(dataset.test, options.testSubset, dataset.classes, new Rng(2 * seed + 1), "testSubset");
  }
  return dataset;
}
