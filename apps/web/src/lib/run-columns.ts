import type { RunSortKey } from "../trpc/router-types.ts";

/** The columns of a run table a user may show or hide; Actions are always shown, last. */
export const RUN_COLUMNS = [
  { id: "name", label: "Run", sort: "name", width: 15 },
  { id: "status", label: "Status", sort: "status", width: 7 },
  { id: "experiment", label: "Experiment", sort: "experiment", width: 11 },
  { id: "owner", label: "Owner", sort: "owner", width: 6 },
  { id: "phase", label: "Phase", sort: null, width: 5.5 },
  { id: "progress", label: "Progress", sort: null, width: 8 },
  { id: "mode", label: "Mode", sort: "mode", width: 6.5 },
  { id: "init", label: "Init", sort: "init", width: 6.5 },
  { id: "replicas", label: "R", sort: "replicas", width: 3.5 },
  { id: "seed", label: "Seed", sort: "seed", width: 4 },
  { id: "model", label: "Model", sort: "model", width: 7 },
  { id: "dataset", label: "Dataset", sort: "dataset", width: 6.5 },
  { id: "trainAcc", label: "Train acc.", sort: "trainAcc", width: 6 },
  { id: "testAcc", label: "Test acc.", sort: "testAcc", width: 6 },
  { id: "trainLoss", label: "Train loss", sort: "trainLoss", width: 6 },
  { id: "testLoss", label: "Test loss", sort: "testLoss", width: 6 },
  { id: "duration", label: "Time", sort: "duration", width: 5.5 },
  { id: "backend", label: "Backend", sort: null, width: 7 },
  { id: "after", label: "After", sort: null, width: 6 },
  { id: "created", label: "Queued", sort: "created", width: 8.5 },
] as const satisfies readonly { id: string; label: string; sort: RunSortKey | null; width: number }[];

export type RunColumn = (typeof RUN_COLUMNS)[number];
export type RunColumnId = RunColumn["id"];

/**
 * What a table shows until the user picks; each set fits 1,280 px with the Actions column. The
 * queue's runs come from every experiment and owner; an experiment's share both, and differ by
 * their settings.
 */
export const DEFAULT_COLUMNS = {
  queue: ["name", "status", "experiment", "owner", "progress", "testAcc", "duration", "backend"],
  experiment: ["name", "status", "progress", "mode", "init", "seed", "testAcc", "duration", "backend"],
} as const satisfies Record<string, readonly RunColumnId[]>;

/** Which run table: the queue's (every run) or an experiment page's. */
export type RunTableKind = keyof typeof DEFAULT_COLUMNS;

const COLUMN_IDS: ReadonlySet<string> = new Set(RUN_COLUMNS.map((c) => c.id));
const SORTS: ReadonlyMap<string, RunSortKey> = new Map(RUN_COLUMNS.flatMap((c) => (c.sort ? [[c.id, c.sort] as const] : [])));

/** How a run table is shown: its columns (in table order) and the column it is sorted by, if any. */
export interface RunTableView {
  columns: RunColumnId[];
  /** A column id with a sort; null: running and queued runs first, in queue order. */
  sort: RunColumnId | null;
  direction: "asc" | "desc";
}

/** Reads `?cols=name,status&sort=testAcc&dir=desc`; unknown columns and sorts are dropped. */
export function parseRunTableView(params: { get(name: string): string | null }, kind: RunTableKind): RunTableView {
  const picked = (params.get("cols") ?? "").split(",").filter((id) => COLUMN_IDS.has(id));
  const columns = picked.length > 0 ? RUN_COLUMNS.map((c) => c.id).filter((id) => picked.includes(id)) : [...DEFAULT_COLUMNS[kind]];
  const sort = params.get("sort") ?? "";
  return { columns, sort: SORTS.has(sort) ? (sort as RunColumnId) : null, direction: params.get("dir") === "desc" ? "desc" : "asc" };
}

/** The URL parameters of a view (defaults left out), to merge into the page's other parameters. */
export function runTableViewParams(view: RunTableView, kind: RunTableKind): Record<"cols" | "sort" | "dir", string | null> {
  const defaults: readonly RunColumnId[] = DEFAULT_COLUMNS[kind];
  const isDefault = view.columns.length === defaults.length && view.columns.every((id) => defaults.includes(id));
  return {
    cols: isDefault ? null : view.columns.join(","),
    sort: view.sort,
    dir: view.sort && view.direction === "desc" ? "desc" : null,
  };
}

/** The `runs.list` sort input of a view. */
export function runTableSortInput(view: RunTableView): { sort?: RunSortKey; sortDirection?: "asc" | "desc" } {
  const sort = view.sort ? SORTS.get(view.sort) : undefined;
  return sort ? { sort, sortDirection: view.direction } : {};
}

/** Clicking a header: sort by it ascending, then descending, then back to the default order. */
export function nextSort(view: RunTableView, column: RunColumnId): Pick<RunTableView, "sort" | "direction"> {
  if (view.sort !== column) return { sort: column, direction: "asc" };
  return view.direction === "asc" ? { sort: column, direction: "desc" } : { sort: null, direction: "asc" };
}
