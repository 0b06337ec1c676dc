import { FIGURE1_DEFAULTS, figure1Runs } from "@minima/core/plans";
import type { Preset } from "../preset.ts";

export const figure1Toy: Preset = {
  name: "figure1-toy",
  title: "Figure 1: the 2-D toy",
  description:
    "Two Gaussian classes and an MLP 2-100-100-1: (a) true labels, (b) random labels, (c) true labels from (b)'s minimum, (d) from (b) with noise augmentation, momentum 0.9 and weight decay 0.1.",
  options: [
    {
      name: "epochScale",
      label: "Epoch scale",
      type: "number",
      default: FIGURE1_DEFAULTS.epochScale,
      min: 0.0001,
      max: 1,
      integer: false,
      help: "Multiplies every run's epochs; 1 is the paper's budget (1,000 / 100,000 / 10,000 / 1,000 epochs).",
    },
    {
      name: "seed",
      label: "Seed",
      type: "number",
      default: FIGURE1_DEFAULTS.seed,
      min: 0,
      max: 2 ** 31 - 1,
      integer: true,
      help: "Seeds the initialization and the data order (the authors used 137).",
    },
  ],
  expand: (options) =>
    figure1Runs({ epochScale: options.epochScale as number, seed: options.seed as number }).map((run) => ({
      key: run.key,
      title: run.title,
      kind: run.config.kind,
      config: run.config,
      epochs: run.config.epochs,
      dependsOn: run.dependsOn,
    })),
};
