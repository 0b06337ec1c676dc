import { filterValues, RANGE_FILTER_KEYS, SETTING_FILTER_KEYS, settingFilterProblem, type RunSettingFilter } from "@minima/metrics";
import { and, sql, type SQL } from "drizzle-orm";
import type { runs } from "../schema/index.ts";
import { isTextSetting, settingExpression } from "./run-sort.ts";

/**
 * The runs of `r` whose settings equal the filter's (one of its values, where it lists several)
 * and whose final metrics and time lie in its ranges, read exactly as the list shows and sorts
 * them (an adversarially initialised run's R is its pre-training run's). Every value travels as a
 * bound parameter.
 */
export function settingMatches(filter: RunSettingFilter, r: typeof runs): SQL | undefined {
  const problem = settingFilterProblem(filter);
  if (problem) throw new Error(problem);
  const equal = SETTING_FILTER_KEYS.flatMap((key) => {
    const values = filterValues<string | number>(filter[key]);
    if (values.length === 0) return [];
    const cast = isTextSetting(key) ? sql`::text` : sql`::float8`;
    return [sql`${settingExpression(key, r)} in (${sql.join(values.map((value) => sql`${value}${cast}`), sql`, `)})`];
  });
  const ranges = RANGE_FILTER_KEYS.flatMap((key) => {
    const { min, max } = filter[key] ?? {};
    const value = settingExpression(key, r);
    return [min === undefined ? [] : [sql`${value} >= ${min}::float8`], max === undefined ? [] : [sql`${value} <= ${max}::float8`]].flat();
  });
  return and(...equal, ...ranges);
}
