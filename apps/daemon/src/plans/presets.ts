import { datasetStatus, type ImageRunConfig } from "@minima/core/plans";
import type { PlannedRun } from "@minima/db";
import { PlanError, type OptionValues, type Preset } from "./preset.ts";
import { fgsm } from "./presets/fgsm.ts";
import { figure1Toy } from "./presets/figure1-toy.ts";
import { norms } from "./presets/norms.ts";
import { rSweep } from "./presets/r-sweep.ts";
import { table1Distances } from "./presets/table1-distances.ts";
import { table2Ablation } from "./presets/table2-ablation.ts";
import { validatePlan } from "./validate-plan.ts";

const PRESETS: readonly Preset[] = [figure1Toy, table1Distances, table2Ablation, rSweep, norms, fgsm];

export function listPresets(): readonly Preset[] {
  return PRESETS;
}

function optionValues(preset: Preset, overrides: Record<string, unknown>): OptionValues {
  for (const name of Object.keys(overrides)) {
    if (!preset.options.some((o) => o.name === name)) {
      throw new PlanError(`Preset ${preset.name} has no option "${name}"; its options are ${preset.options.map((o) => o.name).join(", ")}.`);
    }
  }
  const values: OptionValues = {};
  for (const option of preset.options) {
    const value = overrides[option.name] ?? option.default;
    if (option.type === "choice") {
      if (typeof value !== "string" || !option.choices.includes(value)) {
        throw new PlanError(`Option ${option.name} must be one of ${option.choices.join(", ")}, got ${JSON.stringify(value)}.`);
      }
    } else {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new PlanError(`Option ${option.name} must be a number, got ${JSON.stringify(value)}.`);
      }
      if (value < option.min || value > option.max || (option.integer && !Number.isInteger(value))) {
        throw new PlanError(`Option ${option.name} must be ${option.integer ? "an integer" : "a number"} from ${option.min} to ${option.max}, got ${value}.`);
      }
    }
    values[option.name] = value;
  }
  return values;
}

/** Every dataset the plan trains on must be on disk before anything is queued. */
function checkDatasets(runs: readonly PlannedRun[]): void {
  const needed = new Set(runs.filter((r) => r.kind === "image").map((r) => (r.config as ImageRunConfig).dataset));
  if (needed.size === 0) return;
  for (const status of datasetStatus()) {
    if (needed.has(status.name) && !status.present) throw new PlanError(`Dataset ${status.name} is missing. ${status.help}`);
  }
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
  const options = optionValues(preset, overrides);
  let runs: PlannedRun[];
  try {
    runs = preset.expand(options);
  } catch (error) {
    // Run configurations validate themselves (zod); say which option combination is impossible.
    throw new PlanError(`These options give an invalid run: ${error instanceof Error ? error.message : String(error)}`);
  }
  validatePlan(runs);
  checkDatasets(runs);
  return { preset, options, runs };
}
