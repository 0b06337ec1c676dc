import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseCifarRecords, type RecordLayout } from "./cifar-binary.ts";
import { DatasetError, type ImageDataset, type ImageSplit } from "./dataset.ts";
import { DATASET_DIRS, datasetHelp } from "./locations.ts";
import { NORMALIZATION } from "./normalization.ts";

const RECORDS_PER_FILE = { cifar10: 10_000, cifar100: { train: 50_000, test: 10_000 } } as const;

export const CIFAR_FILES = {
  cifar10: {
    train: ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"],
    test: ["test_batch.bin"],
  },
  cifar100: { train: ["train.bin"], test: ["test.bin"] },
} as const;

const LAYOUTS: Record<"cifar10" | "cifar100", RecordLayout> = {
  cifar10: { labelBytes: 1, labelIndex: 0, classes: 10 },
  // CIFAR-100 records carry (coarse, fine); the paper's 100-class task uses the fine label.
  cifar100: { labelBytes: 2, labelIndex: 1, classes: 100 },
};

async function readSplit(name: "cifar10" | "cifar100", dir: string, split: "train" | "test"): Promise<ImageSplit> {
  const layout = LAYOUTS[name];
  const expected = name === "cifar10" ? RECORDS_PER_FILE.cifar10 : RECORDS_PER_FILE.cifar100[split];
  const files = await Promise.all(
    CIFAR_FILES[name][split].map(async (f) => {
      const file = path.join(dir, f);
      const bytes = await readFile(file);
      const want = expected * (layout.labelBytes + 3072);
      if (bytes.length !== want) {
        throw new DatasetError(
          `${file} is ${bytes.length} bytes; the official file is ${want} (${expected} records). It is ` +
            `truncated or from another version. ${datasetHelp(name, path.dirname(dir))}`,
        );
      }
      return { file, bytes };
    }),
  );
  return parseCifarRecords(files, layout);
}

/** CIFAR-10 or CIFAR-100 from the official binary versions: 50,000 train / 10,000 test, 32×32×3. */
export async function loadCifar(name: "cifar10" | "cifar100", root: string): Promise<ImageDataset> {
  const dir = path.join(root, DATASET_DIRS[name]);
  const all = [...CIFAR_FILES[name].train, ...CIFAR_FILES[name].test];
  const missing = all.filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length > 0) {
    throw new DatasetError(`${name === "cifar10" ? "CIFAR-10" : "CIFAR-100"} not found: ${dir} lacks ${missing.join(", ")}. ${datasetHelp(name, root)}`);
  }
  const [train, test] = await Promise.all([readSplit(name, dir, "train"), readSplit(name, dir, "test")]);
  const classes = LAYOUTS[name].classes;
  return { name, height: 32, width: 32, channels: 3, classes, train, test, ...NORMALIZATION[name] };
}
