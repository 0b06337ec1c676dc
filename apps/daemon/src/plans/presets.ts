import { FIGURE1_DEFAULTS, figure1Runs } from "@minima/core";
import type { PlannedRun } from "@minima/db";
import { PlanError, validatePlan } from "./validate-plan.ts";

export interface PresetOption {
  name: string;
  label: string;
  type: "number";
  default: number;
  min: number;
  max: number;
  integer: boolean;
  help: string;
}

export interface Preset {
  name: string;
  title: string;
  description: string;
  options: PresetOption[];
  expand(options: Record<string, number>): PlannedRun[];
}

const figure1Toy: Preset = {
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
    figure1Runs({ epochScale: options.epochScale!, seed: options.seed! }).map((run) => ({
      key: run.key,
      title: run.title,
      kind: run.config.kind,
      config: run.config,
      epochs: run.config.epochs,
      dependsOn: run.dependsOn,
    })),
};

const PRESETS: readonly Preset[] = [figure1Toy];

export function listPresets(): readonly Preset[] {
  return PRESETS;
}

/**
 * Fills in defaults and checks every override against the preset's options, then expands and
 * validates the run DAG. Errors name the option and what it accepts.
 */
export function planExperiment(presetName: string, overrides: Record<string, unknown>) {
  const preset = PRESETS.find((p) => p.name === presetName);
  if (!preset) {
    throw new PlanError(`Unknown preset "${presetName}"; available: ${PRESETS.map((p) => p.name).join(", ")}.`);
  }
  const options: Record<string, number> = {};
  for (const name of Object.keys(overrides)) {
    if (!preset.options.some((o) => o.name === name)) {
      throw new PlanError(`Preset ${preset.name} has no option "${name}"; its options are ${preset.options.map((o) => o.name).join(", ")}.`);
    }
  }
  for (const option of preset.options) {
    const value = overrides[option.name] ?? option.default;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new PlanError(`Option ${option.name} must be a number, got ${JSON.stringify(value)}.`);
    }
    if (value < option.min || value > option.max || (option.integer && !Number.isInteger(value))) {
      throw new PlanError(
        `Option ${option.name} must be ${option.integer ? "an integer" : "a number"} from ${option.min} to ${option.max}, got ${value}.`,
      );
    }
    options[option.name] = value;
  }
  const runs = preset.expand(options);
  validatePlan(runs);
  return { preset, options, runs };
}
