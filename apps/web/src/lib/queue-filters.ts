import { normalizeTag, RUN_STATUSES, type RunStatus } from "@minima/metrics";
import { NO_SETTING_FILTERS, parseSettingFilters, SETTING_FILTER_PARAMS, settingFiltersInput, settingFiltersParams, type SettingFilters } from "./setting-filters.ts";

/** What the queue's run table is narrowed to; every field is also a URL parameter, so a view is linkable. */
export interface QueueFilters {
  status: RunStatus[];
  owner: string;
  preset: string;
  experimentId: string;
  search: string;
  /** A tag the run or its experiment carries (also narrows the experiment cards). */
  tag: string;
  order: "queue" | "newest";
  /** The "More filters": settings, final metrics and time. */
  settings: SettingFilters;
}

export const NO_FILTERS: QueueFilters = { status: [], owner: "", preset: "", experimentId: "", search: "", tag: "", order: "queue", settings: NO_SETTING_FILTERS };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the filters from the URL (`?status=running,queued&owner=…&preset=…&experiment=…&q=…&tag=…&order=newest`,
 * and the settings' `mode=…&seed=…&testAcc=50..90`…); anything unknown is dropped.
 */
export function parseQueueFilters(params: { get(name: string): string | null }): QueueFilters {
  const status = (params.get("status") ?? "")
    .split(",")
    .filter((s): s is RunStatus => (RUN_STATUSES as readonly string[]).includes(s));
  const experimentId = params.get("experiment") ?? "";
  return {
    status: [...new Set(status)],
    owner: params.get("owner")?.trim() ?? "",
    preset: params.get("preset")?.trim() ?? "",
    experimentId: UUID.test(experimentId) ? experimentId.toLowerCase() : "",
    search: params.get("q") ?? "",
    tag: normalizeTag(params.get("tag") ?? ""),
    order: params.get("order") === "newest" ? "newest" : "queue",
    settings: parseSettingFilters(params),
  };
}

/** The URL parameters the filters own (the table's own are `cols`, `sort` and `dir`). */
export const QUEUE_FILTER_PARAMS = ["status", "owner", "preset", "experiment", "q", "tag", "order", ...SETTING_FILTER_PARAMS] as const;

/** The URL query for these filters, empty fields left out (no filters: ""). */
export function queueFiltersQuery(filters: QueueFilters): string {
  const params = new URLSearchParams();
  if (filters.status.length > 0) params.set("status", filters.status.join(","));
  if (filters.owner) params.set("owner", filters.owner);
  if (filters.preset) params.set("preset", filters.preset);
  if (filters.experimentId) params.set("experiment", filters.experimentId);
  if (filters.search.trim()) params.set("q", filters.search);
  if (filters.tag.trim()) params.set("tag", filters.tag.trim());
  if (filters.order !== "queue") params.set("order", filters.order);
  for (const [name, value] of settingFiltersParams(filters.settings)) params.set(name, value);
  return params.toString();
}

/** The `runs.list` input for these filters (without cursor and limit). */
export function runsListInput(filters: QueueFilters) {
  return {
    order: filters.order,
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.owner ? { owner: filters.owner } : {}),
    ...(filters.preset ? { preset: filters.preset } : {}),
    ...(filters.experimentId ? { experimentId: filters.experimentId } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    ...(filters.tag.trim() ? { tag: filters.tag.trim() } : {}),
    ...settingFiltersInput(filters.settings),
  };
}

/** The `experiments.list` input for these filters: the search and the tag (the cards follow the table's). */
export function experimentsListInput(filters: QueueFilters) {
  return {
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    ...(filters.tag.trim() ? { tag: filters.tag.trim() } : {}),
  };
}

export const hasFilters = (filters: QueueFilters) => queueFiltersQuery({ ...filters, order: "queue" }) !== "";
