import type { RunUpdate } from "@minima/metrics";

/** What `runs.onEvent` reports whenever a run changes (status, stop request, engine) or finishes an epoch. */
export type RunEvent = RunUpdate;

type RunProgress = Pick<RunEvent, "status" | "epoch" | "epochs" | "stopRequest" | "backend"> & { id: string };

const SHOWN = ["status", "epoch", "epochs", "stopRequest", "backend"] as const;

/** Applies an event to one run; returns the same object when nothing it shows changed. */
export function applyRunEventToRun<R extends RunProgress>(run: R, event: RunEvent): R {
  if (run.id !== event.runId) return run;
  if (SHOWN.every((field) => run[field] === event[field])) return run;
  return { ...run, status: event.status, epoch: event.epoch, epochs: event.epochs, stopRequest: event.stopRequest, backend: event.backend };
}

/**
 * Applies an event to a cached list of runs; returns the same array when nothing changed, so
 * React Query does not re-render for events about runs the list does not show.
 */
export function applyRunEvent<R extends RunProgress>(runs: R[], event: RunEvent): R[] {
  const i = runs.findIndex((r) => r.id === event.runId);
  if (i < 0) return runs;
  const updated = applyRunEventToRun(runs[i]!, event);
  if (updated === runs[i]) return runs;
  return runs.with(i, updated);
}

/**
 * What an event means for the cached runs it is checked against: `progress` (an epoch tick a
 * patch can carry), `status` (a status change, which also moves the experiment's aggregate
 * status, run counts, timings and figures, so those are refetched) or `unknown` (a run the
 * cache has not seen, e.g. of a new experiment).
 */
export function classifyRunEvent(cached: readonly RunProgress[], event: RunEvent): "progress" | "status" | "unknown" {
  const matches = cached.filter((r) => r.id === event.runId);
  if (matches.length === 0) return "unknown";
  return matches.some((r) => r.status !== event.status) ? "status" : "progress";
}

/** A page of `runs.list`. */
export interface RunPage<R> {
  items: R[];
  nextCursor: string | null;
  total: number;
}

/** What the cache holds for `runs.list`: one page (a plain query), or the pages loaded so far (an infinite one). */
export type CachedRunList<R> = RunPage<R> | { pages: RunPage<R>[]; pageParams: unknown[] };

/** The runs a cached `runs.list` holds, over all its loaded pages. */
export function runsOfList<R>(data: CachedRunList<R> | undefined): R[] {
  if (!data) return [];
  return "pages" in data ? data.pages.flatMap((page) => page.items) : data.items;
}

/** Applies an event to a cached `runs.list`; returns the same object when nothing it shows changed. */
export function applyRunEventToList<R extends RunProgress, L extends CachedRunList<R>>(data: L, event: RunEvent): L {
  const patchPage = (page: RunPage<R>): RunPage<R> => {
    const items = applyRunEvent(page.items, event);
    return items === page.items ? page : { ...page, items };
  };
  if (!("pages" in data)) return patchPage(data) as L;
  const pages = data.pages.map(patchPage);
  return pages.every((page, i) => page === data.pages[i]) ? data : { ...data, pages };
}

/**
 * Whether an event about a run no cached list shows may change what a list shows: a new run,
 * or a run changing status (it may now match a filter). An epoch tick of a running run does
 * not, so ticks of runs on unloaded pages do not refetch the lists.
 */
export function mayChangeLists(event: RunEvent): boolean {
  return !(event.status === "running" && event.epoch > 0);
}
