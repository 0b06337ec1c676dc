/**
 * The six checkpoints Table 1 compares: W0 is the initialization, W_V the model trained with
 * vanilla SGD, W_S the model trained with SOTA settings; R = from random init, A = from
 * adversarial init (Algorithm 1). W0^A is the adversarially pre-trained model.
 */
export const CHECKPOINTS = ["W0R", "WVR", "WSR", "W0A", "WVA", "WSA"] as const;
export type Checkpoint = (typeof CHECKPOINTS)[number];

/** Table 1's columns in the paper's order; each is d(from, to), divided by ‖to‖. */
export const TABLE1_COLUMNS = [
  "d(W0R,WVR)",
  "d(W0R,WSR)",
  "d(W0R,W0A)",
  "d(W0R,WVA)",
  "d(W0R,WSA)",
  "d(W0A,WVA)",
  "d(W0A,WSA)",
] as const;
export type Table1Column = (typeof TABLE1_COLUMNS)[number];

/** Which checkpoints a column compares, for the run that computes it: `distance(from, to)`. */
export function columnPair(column: Table1Column): { from: Checkpoint; to: Checkpoint } {
  const [from, to] = column.slice(2, -1).split(",") as [Checkpoint, Checkpoint];
  return { from, to };
}

/** The paper's datasets and models, as the training core names them, in the paper's row order. */
export const TABLE1_DATASETS = ["cifar10", "cifar100", "cinic10", "restricted-imagenet"] as const;
export const TABLE1_MODELS = ["densenet-bc-40", "resnet18", "resnet50", "vgg16"] as const;
export type Table1Dataset = (typeof TABLE1_DATASETS)[number];
export type Table1Model = (typeof TABLE1_MODELS)[number];

const LABELS: Record<string, string> = {
  cifar10: "CIFAR10",
  cifar100: "CIFAR100",
  cinic10: "CINIC10",
  "restricted-imagenet": "Restricted ImageNet",
  "fashion-mnist": "Fashion-MNIST",
  // DenseNet-BC-40 (k = 12), which the paper calls DenseNet40 (reference-spec §3).
  "densenet-bc-40": "DenseNet40",
  resnet18: "ResNet18",
  resnet50: "ResNet50",
  vgg16: "VGG16",
};

/** The paper's name for a dataset or model id; other ids are shown as they are. */
export function paperLabel(id: string): string {
  return LABELS[id] ?? id;
}
