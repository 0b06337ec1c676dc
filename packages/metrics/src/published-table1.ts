import { TABLE1_COLUMNS, type Table1Column, type Table1Dataset, type Table1Model } from "./table1-columns.ts";

export interface PublishedTable1Row {
  dataset: Table1Dataset;
  model: Table1Model;
  /** Mean distance over 5 runs; the paper gives no std for Table 1. */
  values: Record<Table1Column, number>;
  /** Where the numbers come from when the final paper is not the whole story. */
  note: string | null;
}

type Seven = [number, number, number, number, number, number, number];

function row(dataset: Table1Dataset, model: Table1Model, numbers: Seven, note: string | null = null): PublishedTable1Row {
  const values = Object.fromEntries(TABLE1_COLUMNS.map((column, i) => [column, numbers[i]!])) as Record<Table1Column, number>;
  return { dataset, model, values, note };
}

/** Table 1 of the paper, copied exactly (reference-spec §8), columns in TABLE1_COLUMNS order. */
export const PUBLISHED_TABLE1: readonly PublishedTable1Row[] = [
  row("cifar10", "densenet-bc-40", [0.81, 3.715, 0.946, 0.95, 3.715, 0.347, 28.669]),
  row("cifar10", "resnet18", [0.953, 3.917, 0.873, 0.879, 3.902, 0.207, 12.421]),
  row("cifar10", "resnet50", [0.894, 8.552, 0.919, 0.923, 8.608, 0.194, 36.311]),
  row("cifar10", "vgg16", [0.907, 3.464, 0.95, 0.953, 3.433, 0.264, 26.838]),
  row("cifar100", "densenet-bc-40", [0.917, 2.008, 0.946, 0.968, 1.98, 0.538, 13.29]),
  row("cifar100", "resnet18", [0.915, 2.609, 0.852, 0.862, 2.597, 0.21, 7.243]),
  row("cifar100", "resnet50", [0.917, 4.941, 0.925, 0.927, 4.882, 0.172, 24.598]),
  row("cifar100", "vgg16", [0.919, 2.029, 0.96, 0.962, 2.035, 0.253, 19.388]),
  row("cinic10", "densenet-bc-40", [0.917, 1.415, 0.955, 0.976, 1.44, 0.491, 12.102]),
  row("cinic10", "resnet18", [0.836, 1.565, 0.942, 0.951, 1.56, 0.212, 10.961]),
  row("cinic10", "resnet50", [0.837, 3.26, 0.952, 0.955, 3.274, 0.157, 24.94]),
  row("cinic10", "vgg16", [0.844, 1.406, 0.974, 0.977, 1.397, 0.241, 17.916]),
  // Final-paper values; arXiv v1 has 0.940 | 3.378 | 0.966 | 0.981 | 3.383 | 0.518 | 39.364.
  row("restricted-imagenet", "densenet-bc-40", [0.94, 3.378, 0.966, 0.982, 3.377, 0.52, 39.314], "final paper; arXiv v1: 0.940, 3.378, 0.966, 0.981, 3.383, 0.518, 39.364"),
  row("restricted-imagenet", "resnet18", [0.849, 3.154, 0.969, 0.973, 3.164, 0.163, 47.184]),
  // Garbled in the final text; its fragments agree with arXiv v1, whose row this is.
  row("restricted-imagenet", "resnet50", [0.883, 7.123, 0.913, 0.916, 7.139, 0.164, 30.841], "garbled in the final paper; arXiv v1 values, which agree with its fragments"),
  // Garbled in the final text; 0.836 and 0.985 come from arXiv v1 only.
  row("restricted-imagenet", "vgg16", [0.836, 2.885, 0.985, 0.986, 2.871, 0.172, 83.035], "garbled in the final paper; 0.836 and 0.985 from arXiv v1 only"),
];

/** The published row of a dataset and model, or undefined when the paper has none. */
export function publishedTable1Row(dataset: string, model: string): PublishedTable1Row | undefined {
  return PUBLISHED_TABLE1.find((r) => r.dataset === dataset && r.model === model);
}
