import { RANGE_LIMITS, RUN_INITS, RUN_MODES, SETTING_LIMITS, SETTING_NAME_PATTERN, type RangeFilterKey } from "@minima/metrics";
import { z } from "zod";

const name = (what: string) =>
  z
    .string()
    .regex(SETTING_NAME_PATTERN, `Expected a ${what} name such as "resnet18" or "fashion-mnist": letters, digits and . _ + -, at most 64 characters`)
    .optional();

/** Inclusive bounds of a final metric or the active time; either may be left out, min never above max. */
const range = (key: RangeFilterKey) => {
  const bound = z.number().min(0).max(RANGE_LIMITS[key]).optional();
  return z
    .object({ min: bound, max: bound })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, `The ${key} range is empty: its min is above its max`)
    .optional();
};

/**
 * `runs.list`'s filters on what the runs table shows of a run's settings (matched exactly) and of
 * its final metrics and time (ranges): accuracies are fractions, `duration` is milliseconds.
 */
export const runSettingFilterInput = {
  mode: z.enum(RUN_MODES).optional(),
  init: z.enum(RUN_INITS).optional(),
  replicas: z.number().int().min(1).max(SETTING_LIMITS.replicas).optional(),
  seed: z.number().int().min(0).max(SETTING_LIMITS.seed).optional(),
  model: name("model"),
  dataset: name("dataset"),
  trainAcc: range("trainAcc"),
  testAcc: range("testAcc"),
  trainLoss: range("trainLoss"),
  testLoss: range("testLoss"),
  duration: range("duration"),
};
