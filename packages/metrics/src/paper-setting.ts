import { TABLE1_DATASETS, TABLE1_MODELS, paperLabel } from "./table1-columns.ts";

/** Where numbers come from: a dataset and a model, as the training core names them. */
export interface Setting {
  dataset: string;
  model: string;
}

/** The only setting of the paper's Table 2 and Figure 4 (reference-spec §8): ResNet18 on CIFAR-10. */
export const TABLE2_PAPER_SETTING: Setting = { dataset: "cifar10", model: "resnet18" };

/**
 * Which published setting a measured one is shown beside, and whether they are the same: only
 * then is "measured − paper" a difference worth colouring. A CPU run of an MLP on Fashion-MNIST
 * shows the paper's numbers for orientation, labelled as another setting, never as an error bar.
 */
export interface PaperComparison {
  paper: Setting;
  matches: boolean;
}

export function sameSetting(a: Setting | null, b: Setting): boolean {
  return a !== null && a.dataset === b.dataset && a.model === b.model;
}

/** "CIFAR10 / ResNet18", the paper's names where it has them. */
export function settingLabel(setting: Setting): string {
  return `${paperLabel(setting.dataset)} / ${paperLabel(setting.model)}`;
}

const has = (list: readonly string[], id: string) => list.includes(id);

/**
 * Table 1's row for a measured dataset and model: the same row where the paper has one, else the
 * nearest it has: the same model on CIFAR-10, or ResNet18 on the same dataset, or ResNet18 on
 * CIFAR-10 (the paper's main setting, and the one the CPU profiles stand in for).
 */
export function table1Comparison(setting: Setting): PaperComparison {
  const paper = {
    dataset: has(TABLE1_DATASETS, setting.dataset) ? setting.dataset : TABLE2_PAPER_SETTING.dataset,
    model: has(TABLE1_MODELS, setting.model) ? setting.model : TABLE2_PAPER_SETTING.model,
  };
  return { paper, matches: sameSetting(setting, paper) };
}

/** Table 2 (and Figure 4) against the experiment's setting; null (unknown, or several) never matches. */
export function table2Comparison(setting: Setting | null): PaperComparison {
  return { paper: TABLE2_PAPER_SETTING, matches: sameSetting(setting, TABLE2_PAPER_SETTING) };
}

/** The one setting of a list (an experiment's training runs), or null when there are none or several. */
export function singleSetting(settings: Iterable<Setting>): Setting | null {
  let one: Setting | null = null;
  for (const s of settings) {
    if (one === null) one = { dataset: s.dataset, model: s.model };
    else if (!sameSetting(one, s)) return null;
  }
  return one;
}
