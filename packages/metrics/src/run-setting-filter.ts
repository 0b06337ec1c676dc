import { TABLE2_MODES, type Table2Mode } from "./published-table2.ts";

/**
 * What a run list can be narrowed to besides status, owner and text: a setting the runs table
 * shows, matched exactly, or a range of a final metric or of the active time. The values and
 * bounds live here once; the daemon validates with them, the database filters by them, the
 * dashboard offers them.
 */

/** A run's initializer as the runs table shows it: an image run's, "adversarial" for one starting from Algorithm 1's weights, a toy run's. */
export const RUN_INITS = ["paper", "framework", "adversarial", "random", "dependency"] as const;
export type RunInit = (typeof RUN_INITS)[number];

/** The settings matched exactly, in the runs table's column order. */
export const SETTING_FILTER_KEYS = ["mode", "init", "replicas", "seed", "model", "dataset"] as const;

/** The values bounded by a range: final accuracies (fractions), final losses, active time (ms). */
export const RANGE_FILTER_KEYS = ["trainAcc", "testAcc", "trainLoss", "testLoss", "duration"] as const;
export type RangeFilterKey = (typeof RANGE_FILTER_KEYS)[number];

/** A model or dataset name as the presets write them ("resnet18", "fashion-mnist", "densenet-bc-40"). */
export const SETTING_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/** The largest R and seed a filter accepts (a seed is a 32-bit integer in every engine). */
export const SETTING_LIMITS = { replicas: 100_000, seed: 2 ** 31 - 1 } as const;

/** The largest bound of each range: an accuracy is a fraction, a time a century in milliseconds. */
export const RANGE_LIMITS: Record<RangeFilterKey, number> = { trainAcc: 1, testAcc: 1, trainLoss: 1e12, testLoss: 1e12, duration: 100 * 365 * 86_400_000 };

/** The most values one setting filter may list ("seed is 0, 1 or 2"). */
export const SETTING_FILTER_MAX_VALUES = 20;

/** A setting filter's value, or several: a run matches when its setting is any of them. */
export type OneOrMore<T> = T | readonly T[];

/** The values a setting filter lists (none when it is not set). */
export const filterValues = <T>(value: OneOrMore<T> | undefined): readonly T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value as T]);

/** Inclusive bounds; a run without the value (no test accuracy yet) is outside any range. */
export interface NumberRange {
  min?: number | undefined;
  max?: number | undefined;
}

/** Each setting matched exactly, by one value or any of several. */
export interface RunSettingFilter {
  mode?: OneOrMore<Table2Mode> | undefined;
  init?: OneOrMore<RunInit> | undefined;
  /** Algorithm 1's replicas per image (R), the pre-training run's for a run starting from its weights. */
  replicas?: OneOrMore<number> | undefined;
  seed?: OneOrMore<number> | undefined;
  model?: OneOrMore<string> | undefined;
  dataset?: OneOrMore<string> | undefined;
  trainAcc?: NumberRange | undefined;
  testAcc?: NumberRange | undefined;
  trainLoss?: NumberRange | undefined;
  testLoss?: NumberRange | undefined;
  /** Active time in milliseconds. */
  duration?: NumberRange | undefined;
}

/** The training modes a run may be in: Table 2's eight. */
export const RUN_MODES = TABLE2_MODES;

/**
 * Why a filter cannot be applied, or null when it can: the message names the field, what it got
 * and what it accepts.
 */
export function settingFilterProblem(filter: RunSettingFilter): string | null {
  for (const key of SETTING_FILTER_KEYS) {
    const values = filterValues<unknown>(filter[key]);
    if (filter[key] !== undefined && (values.length === 0 || values.length > SETTING_FILTER_MAX_VALUES)) {
      return `The ${key} filter lists 1 to ${SETTING_FILTER_MAX_VALUES} values; got ${values.length}.`;
    }
  }
  for (const mode of filterValues<unknown>(filter.mode)) {
    if (!(RUN_MODES as readonly unknown[]).includes(mode)) return `Unknown mode "${String(mode)}"; expected one of ${RUN_MODES.join(", ")}.`;
  }
  for (const init of filterValues<unknown>(filter.init)) {
    if (!(RUN_INITS as readonly unknown[]).includes(init)) return `Unknown init "${String(init)}"; expected one of ${RUN_INITS.join(", ")}.`;
  }
  for (const key of ["replicas", "seed"] as const) {
    const low = key === "replicas" ? 1 : 0;
    for (const value of filterValues<unknown>(filter[key])) {
      if (!(typeof value === "number" && Number.isInteger(value) && value >= low && value <= SETTING_LIMITS[key])) {
        return `The ${key} filter must be a whole number from ${low} to ${SETTING_LIMITS[key]}; got ${String(value)}.`;
      }
    }
  }
  for (const key of ["model", "dataset"] as const) {
    for (const value of filterValues<unknown>(filter[key])) {
      if (!(typeof value === "string" && SETTING_NAME_PATTERN.test(value))) {
        return `The ${key} filter must be a name such as "resnet18" or "fashion-mnist" (letters, digits, . _ + -, at most 64); got ${JSON.stringify(value)}.`;
      }
    }
  }
  for (const key of RANGE_FILTER_KEYS) {
    const { min, max } = filter[key] ?? {};
    for (const bound of [min, max]) {
      if (bound !== undefined && !(typeof bound === "number" && bound >= 0 && bound <= RANGE_LIMITS[key])) {
        return `The ${key} range takes numbers from 0 to ${RANGE_LIMITS[key]}; got ${String(bound)}.`;
      }
    }
    if (min !== undefined && max !== undefined && min > max) return `The ${key} range is empty: its min ${min} is above its max ${max}.`;
  }
  return null;
}
