import type { PlannedRun } from "@minima/db";

interface OptionBase {
  name: string;
  label: string;
  help: string;
}

export interface NumberOption extends OptionBase {
  type: "number";
  default: number;
  min: number;
  max: number;
  integer: boolean;
}

export interface ChoiceOption extends OptionBase {
  type: "choice";
  default: string;
  choices: string[];
}

export type PresetOption = NumberOption | ChoiceOption;
export type OptionValues = Record<string, number | string>;

/** An experiment template: its options and how they expand into a run DAG. */
export interface Preset {
  name: string;
  title: string;
  description: string;
  options: PresetOption[];
  expand(options: OptionValues): PlannedRun[];
}

export class PlanError extends Error {}
