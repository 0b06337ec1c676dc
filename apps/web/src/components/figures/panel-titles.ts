import { paperLabel } from "@minima/metrics";
import { NORM_TITLES } from "../../lib/norm-plot.ts";

/**
 * The titles the exported PNG and SVG draw: each figure's, and each panel's (the page shows them
 * in HTML, which a canvas export would lose). One place, so every panel of every figure has one.
 */
export const FIGURE_TITLES = {
  figure4: "Figure 4 — accuracy of vanilla SGD against the replicas R of its adversarial init",
  figure5: "Figure 5 — norms of the six checkpoints, random vs adversarial init",
  figure6: "Figure 6 — test accuracy under FGSM against ε",
} as const;

/** Figure 4's one panel. */
export const FIGURE4_PANEL_TITLE = "Accuracy against replicas R";

/** A Figure 6 panel: one dataset and model, "CIFAR10 · ResNet50". */
export function settingPanelTitle(dataset: string, model: string): string {
  return `${paperLabel(dataset)} · ${paperLabel(model)}`;
}

/** A Figure 5 panel: one norm of one dataset and model, "Frobenius norm · CIFAR10 · ResNet50". */
export function normPanelTitle(kind: string, dataset: string, model: string): string {
  return `${NORM_TITLES[kind] ?? kind} · ${settingPanelTitle(dataset, model)}`;
}
