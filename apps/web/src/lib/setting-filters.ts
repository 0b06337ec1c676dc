import { RANGE_LIMITS, RUN_INITS, RUN_MODES, SETTING_FILTER_MAX_VALUES, SETTING_LIMITS, SETTING_NAME_PATTERN, type RangeFilterKey, type RunInit, type Table2Mode } from "@minima/metrics";

/**
 * The runs table's "More filters": settings matched exactly (any of the values listed, none
 * listed: any) and ranges of the final metrics and time. Each field is declared once below; its
 * URL parameter, its control and its `runs.list` input follow from the declaration. Ranges are
 * kept in the units the table shows (accuracy in percent, time in minutes) and converted only for
 * the daemon.
 */
export interface SettingFilters {
  mode: Table2Mode[];
  init: RunInit[];
  replicas: number[];
  seed: number[];
  model: string[];
  dataset: string[];
  trainAcc: Range;
  testAcc: Range;
  trainLoss: Range;
  testLoss: Range;
  duration: Range;
}

export interface Range {
  min: number | null;
  max: number | null;
}

const OPEN: Range = { min: null, max: null };
export const NO_SETTING_FILTERS: SettingFilters = {
  mode: [],
  init: [],
  replicas: [],
  seed: [],
  model: [],
  dataset: [],
  trainAcc: OPEN,
  testAcc: OPEN,
  trainLoss: OPEN,
  testLoss: OPEN,
  duration: OPEN,
};

/** The exact-match fields, as the filter bar offers them; the URL parameter is the key. */
export const EQUAL_FIELDS = [
  { key: "mode", label: "Mode", kind: "choice", options: RUN_MODES },
  { key: "init", label: "Init", kind: "choice", options: RUN_INITS },
  { key: "replicas", label: "R", kind: "integer", min: 1, max: SETTING_LIMITS.replicas },
  { key: "seed", label: "Seed", kind: "integer", min: 0, max: SETTING_LIMITS.seed },
  { key: "model", label: "Model", kind: "name" },
  { key: "dataset", label: "Dataset", kind: "name" },
] as const;

/** The ranges; `scale` turns the shown unit into the daemon's (a fraction, milliseconds). */
export const RANGE_FIELDS = [
  { key: "trainAcc", label: "Train acc.", unit: "%", scale: 0.01 },
  { key: "testAcc", label: "Test acc.", unit: "%", scale: 0.01 },
  { key: "trainLoss", label: "Train loss", unit: "", scale: 1 },
  { key: "testLoss", label: "Test loss", unit: "", scale: 1 },
  { key: "duration", label: "Time", unit: "min", scale: 60_000 },
] as const satisfies readonly { key: RangeFilterKey; label: string; unit: string; scale: number }[];

/** The URL parameters these filters own. */
export const SETTING_FILTER_PARAMS = [...EQUAL_FIELDS.map((f) => f.key), ...RANGE_FIELDS.map((f) => f.key)];

/** The largest value a range accepts in its shown unit. */
export const rangeLimit = (field: (typeof RANGE_FIELDS)[number]) => RANGE_LIMITS[field.key] / field.scale;

/** A whole number within bounds, or null ("", "1.5", "-3", "1e999" and words are not). */
export function parseInteger(text: string, min: number, max: number): number | null {
  if (!/^\d{1,10}$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : null;
}

/** A bound of a range in its shown unit, or null when the text is not a number from 0 to `max`. */
export function parseBound(text: string, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d*\.?\d+(?:e[+-]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value <= max ? value : null;
}

/** A model or dataset name as typed, or null. */
export const parseName = (text: string): string | null => (SETTING_NAME_PATTERN.test(text.trim()) ? text.trim() : null);

/**
 * A typed list of values, "1, 2" (commas between them), each read by `parseOne`: its distinct
 * values, or null when one of them is not a value or there are more than a filter takes.
 */
export function parseList<T>(text: string, parseOne: (item: string) => T | null): T[] | null {
  const items = text.split(",").map((item) => item.trim()).filter((item) => item !== "");
  const values = items.map(parseOne);
  if (values.some((value) => value === null)) return null;
  const distinct = [...new Set(values as T[])];
  return distinct.length <= SETTING_FILTER_MAX_VALUES ? distinct : null;
}

/** `50..60`, `50..` or `..60`; a range whose min is above its max, or that is not a range, is dropped. */
function parseRange(text: string | null, max: number): Range {
  const parts = (text ?? "").split("..");
  if (parts.length !== 2) return OPEN;
  const [low, high] = [parts[0]!.trim(), parts[1]!.trim()];
  const range = { min: low === "" ? null : parseBound(low, max), max: high === "" ? null : parseBound(high, max) };
  if ((low !== "" && range.min === null) || (high !== "" && range.max === null)) return OPEN;
  return range.min !== null && range.max !== null && range.min > range.max ? OPEN : range;
}

const oneOf = <T extends string>(options: readonly T[]) => (value: string): T | null => ((options as readonly string[]).includes(value) ? (value as T) : null);

/** A list from the URL: a value it cannot take drops the whole list, as a malformed range is dropped. */
const listParam = <T>(text: string | null, parseOne: (item: string) => T | null): T[] => parseList(text ?? "", parseOne) ?? [];

/**
 * Reads the filters from the URL (`?mode=l2,vanilla&seed=2&model=resnet18&testAcc=50..90&duration=..30`);
 * anything invalid is dropped.
 */
export function parseSettingFilters(params: { get(name: string): string | null }): SettingFilters {
  const integer = (key: "replicas" | "seed", min: number) => (text: string) => parseInteger(text, min, SETTING_LIMITS[key]);
  const ranges = Object.fromEntries(RANGE_FIELDS.map((f) => [f.key, parseRange(params.get(f.key), rangeLimit(f))])) as Record<RangeFilterKey, Range>;
  return {
    mode: listParam(params.get("mode"), oneOf(RUN_MODES)),
    init: listParam(params.get("init"), oneOf(RUN_INITS)),
    replicas: listParam(params.get("replicas"), integer("replicas", 1)),
    seed: listParam(params.get("seed"), integer("seed", 0)),
    model: listParam(params.get("model"), parseName),
    dataset: listParam(params.get("dataset"), parseName),
    ...ranges,
  };
}

/** The filters as URL parameters, unset ones left out, in the filter bar's order. */
export function settingFiltersParams(filters: SettingFilters): [string, string][] {
  const equal = EQUAL_FIELDS.flatMap(({ key }) => (filters[key].length === 0 ? [] : [[key, filters[key].join(",")] as [string, string]]));
  const ranges = RANGE_FIELDS.flatMap(({ key }) => {
    const { min, max } = filters[key];
    return min === null && max === null ? [] : [[key, `${min ?? ""}..${max ?? ""}`] as [string, string]];
  });
  return [...equal, ...ranges];
}

/** How many of these filters are set (shown on the "More filters" disclosure). */
export const settingFiltersSet = (filters: SettingFilters) => settingFiltersParams(filters).length;

// 57.3 × 0.01 is 0.5730000000000001: rounded to what the user typed.
const toDaemon = (value: number, scale: number) => Number((value * scale).toPrecision(12));

/** The `runs.list` input of these filters: accuracies as fractions, time in milliseconds. */
export function settingFiltersInput(filters: SettingFilters) {
  const input: Record<string, unknown> = {};
  for (const { key } of EQUAL_FIELDS) if (filters[key].length > 0) input[key] = filters[key];
  for (const { key, scale } of RANGE_FIELDS) {
    const { min, max } = filters[key];
    if (min === null && max === null) continue;
    input[key] = { ...(min === null ? {} : { min: toDaemon(min, scale) }), ...(max === null ? {} : { max: toDaemon(max, scale) }) };
  }
  return input as {
    mode?: Table2Mode[];
    init?: RunInit[];
    replicas?: number[];
    seed?: number[];
    model?: string[];
    dataset?: string[];
  } & Partial<Record<RangeFilterKey, { min?: number; max?: number }>>;
}
