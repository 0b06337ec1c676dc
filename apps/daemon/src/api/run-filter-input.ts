import { RANGE_LIMITS, RUN_INITS, RUN_MODES, SETTING_FILTER_MAX_VALUES, SETTING_LIMITS, SETTING_NAME_PATTERN, type RangeFilterKey } from "@minima/metrics";
import { z } from "zod";

/** A setting matched by one value or any of a list of them. */
const oneOrMore = <T extends z.ZodTypeAny>(value: T) => z.union([value, z.array(value).min(1).max(SETTING_FILTER_MAX_VALUES)]).optional();

const name = (what: string) =>
  oneOrMore(z.string().regex(SETTING_NAME_PATTERN, `Expected a ${what} name such as "resnet18" or "fashion-mnist": letters, digits and . _ + -, at most 64 characters`));

/** Inclusive bounds of a final metric or the active time; either may be left out, min never above max. */
const range = (key: RangeFilterKey) => {
  const bound = z.number().min(0).max(RANGE_LIMITS[key]).optional();
  return z
    .object({ min: bound, max: bound })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, `The ${key} range is empty: its min is above its max`)
    .optional();
};

/**
 * `runs.list`'s filters on what the runs table shows of a run's settings (matched exactly, by a
 * value or a list of up to 20: `seed: [0, 1]`) and of its final metrics and time (ranges):
 * accuracies are fractions, `duration` is milliseconds.
 */
export const runSettingFilterInput = {
  mode: oneOrMore(z.enum(RUN_MODES)),
  init: oneOrMore(z.enum(RUN_INITS)),
  replicas: oneOrMore(z.number().int().min(1).max(SETTING_LIMITS.replicas)),
  seed: oneOrMore(z.number().int().min(0).max(SETTING_LIMITS.seed)),
  model: name("model"),
  dataset: name("dataset"),
  trainAcc: range("trainAcc"),
  testAcc: range("testAcc"),
  trainLoss: range("trainLoss"),
  testLoss: range("testLoss"),
  duration: range("duration"),
};
