"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import Link from "next/link";
import { compareHref, MAX_COMPARE_RUNS } from "../../lib/compare-params.ts";
import { nextSort, parseRunTableView, RUN_COLUMNS, runTableSortInput, runTableViewParams, type RunTableKind, type RunTableView } from "../../lib/run-columns.ts";
import type { RunListItem, RunsListInput } from "../../trpc/router-types.ts";
import { useTRPC, useTRPCClient } from "../../trpc/trpc-context.ts";
import { SkeletonRows } from "../page-skeleton.tsx";
import { QueryStatus } from "../query-status.tsx";
import { useNow } from "../use-now.ts";
import { ColumnPicker } from "./column-picker.tsx";
import { RunGridRow } from "./run-grid-row.tsx";
import { useVisibleRows } from "./use-visible-rows.ts";

// The first page is a screenful or two, so it comes back quickly (bench:web: with 10,000 runs a page
// of 500 takes the daemon two to three times as long as one of 100). The pages after it are large
// (the daemon sorts the whole filtered set for each one anyway) and only the rows on screen are
// rendered, so a page costs the browser nothing until it is scrolled to.
const FIRST_PAGE_SIZE = 100;
const PAGE_SIZE = 500;
// Fixed, so that the rows on screen follow from scrollTop alone (see .run-grid in globals.css).
const ROW_HEIGHT = 41;
// Rows short of the loaded end at which the next page is asked for: well before it shows.
const PREFETCH_ROWS = 60;

const columnById = new Map<string, (typeof RUN_COLUMNS)[number]>(RUN_COLUMNS.map((c) => [c.id, c]));

/** Sets some of the page's URL parameters (null: removes one), keeping the others. */
export function useReplaceParams() {
  const router = useRouter();
  const pathname = usePathname();
  return useCallback(
    (updates: Record<string, string | null>) => {
      const params = new URLSearchParams(window.location.search);
      for (const [name, value] of Object.entries(updates)) {
        if (value === null || value === "") params.delete(name);
        else params.set(name, value);
      }
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
}

/** The table's columns and sort, kept in the URL (`cols`, `sort`, `dir`); the controls answer before the URL does. */
function useRunTableView(kind: RunTableKind): [RunTableView, (view: RunTableView) => void] {
  const params = useSearchParams();
  const replaceParams = useReplaceParams();
  const inUrl = useMemo(() => parseRunTableView(params, kind), [params, kind]);
  const key = JSON.stringify(runTableViewParams(inUrl, kind));
  const [view, setLocal] = useState(inUrl);
  const [seen, setSeen] = useState(key);
  if (key !== seen) {
    setSeen(key);
    setLocal(inUrl);
  }
  const setView = useCallback(
    (next: RunTableView) => {
      setLocal(next);
      replaceParams(runTableViewParams(next, kind));
    },
    [replaceParams, kind],
  );
  return [view, setView];
}

interface Props {
  /** Which table (its default columns). */
  kind: RunTableKind;
  /** What `runs.list` is narrowed to (an experiment, the queue's filters). */
  filter: Omit<Exclude<RunsListInput, void | undefined>, "cursor" | "limit" | "sort" | "sortDirection" | "direction">;
  /** Shown when no run matches. */
  empty: ReactNode;
  /** Something between the header and the table (the queue's filters). */
  children?: ReactNode;
  title?: string;
}

/**
 * Runs in one table: sorted by the daemon (click a header), columns picked by the user, both kept
 * in the URL. Only the rows on screen are in the DOM, and the next page is fetched as the end
 * nears, so ten thousand runs scroll like fifty. Running and queued runs come first by default;
 * the Actions column stays in view however wide the table is.
 */
export function RunGrid({ kind, filter, empty, children, title = "Runs" }: Props) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [view, setView] = useRunTableView(kind);
  const input = { ...filter, ...runTableSortInput(view) };
  const runs = useInfiniteQuery({
    // tRPC's key (so that invalidating runs.list and the run-events listener reach these pages), with
    // a query of our own: its infinite options ask every page at one size.
    queryKey: trpc.runs.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) => client.runs.list.query({ ...input, cursor: pageParam, limit: pageParam === null ? FIRST_PAGE_SIZE : PAGE_SIZE }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // A new filter or sort keeps the old rows on screen (dimmed) until its first page is in.
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => {
    // A run that changed place between two pages (its status changed meanwhile) is shown once.
    const seen = new Set<string>();
    return (runs.data?.pages.flatMap((page) => page.items) ?? []).filter((run) => !seen.has(run.id) && seen.add(run.id));
  }, [runs.data]);
  const keys = useMemo(() => new Map(rows.map((r) => [r.id, r.key])), [rows]);
  const keyOf = useCallback((id: string) => keys.get(id) ?? id.slice(0, 8), [keys]);
  const total = runs.data?.pages[0]?.total ?? 0;
  const now = useNow(5_000);
  // Runs ticked for the Compare page (kept across sorts and filters until compared).
  const [selected, setSelected] = useState<readonly string[]>([]);
  const select = useCallback((id: string, on: boolean) => setSelected((ids) => (on ? [...ids, id].slice(0, MAX_COMPARE_RUNS) : ids.filter((s) => s !== id))), []);

  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const visible = useVisibleRows(scroller, rows.length, ROW_HEIGHT);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = runs;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && visible.end >= rows.length - PREFETCH_ROWS) void fetchNextPage({ cancelRefetch: false });
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, visible.end, rows.length]);

  const sortBy = (id: RunTableView["columns"][number]) => {
    setView({ ...view, ...nextSort(view, id) });
    scroller?.scrollTo({ top: 0 });
  };
  const columns = view.columns.map((id) => columnById.get(id)!);
  const minWidth = columns.reduce((sum, c) => sum + c.width, 0) + 13;

  return (
    <section className="card all-runs">
      <header className="card-header">
        <h2>{title}</h2>
        {runs.data && (
          <span className="meta" data-testid="runs-count">
            {total === 0 ? "none" : `${rows.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} loaded`}
            {runs.isPlaceholderData ? " · updating…" : ""}
          </span>
        )}
        {selected.length > 0 && (
          <Link className="compare-link" href={compareHref(selected)} data-testid="compare-selected">
            Compare {selected.length}
          </Link>
        )}
        <ColumnPicker columns={view.columns} onChange={(columns) => setView({ ...view, columns })} />
      </header>
      {children}
      {!runs.data ? (
        <QueryStatus query={runs} what="runs" skeleton={<SkeletonRows rows={10} />} />
      ) : rows.length === 0 ? (
        <p className="empty" data-testid="runs-empty">
          {empty}
        </p>
      ) : (
        <div className="run-grid-scroll" ref={setScroller} data-testid="run-grid-scroll">
          <table
            className={`runs run-grid${runs.isPlaceholderData ? " stale" : ""}`}
            style={{ minWidth: `${minWidth}rem` }}
            data-testid="all-runs"
            data-total={total}
            data-loaded={rows.length}
          >
            <colgroup>
              <col style={{ width: "2rem" }} />
              {columns.map((c) => (
                <col key={c.id} style={{ width: `${c.width}rem` }} />
              ))}
              <col style={{ width: "11rem" }} />
            </colgroup>
            <thead>
              <tr>
                <th className="select-cell" aria-label="Select to compare" />
                {columns.map((c) => (
                  <th key={c.id} data-column={c.id} aria-sort={view.sort === c.id ? (view.direction === "asc" ? "ascending" : "descending") : undefined}>
                    {c.sort ? (
                      <button type="button" className="sort-button" onClick={() => sortBy(c.id)}>
                        {c.label}
                        <span aria-hidden="true">{view.sort === c.id ? (view.direction === "asc" ? " ▲" : " ▼") : ""}</span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                ))}
                <th className="actions-cell">Actions</th>
              </tr>
            </thead>
            <tbody>
              {visible.before > 0 && <tr className="spacer" aria-hidden="true" style={{ height: visible.before }} />}
              {rows.slice(visible.start, visible.end).map((run: RunListItem) => (
                <RunGridRow key={run.id} run={run} columns={view.columns} now={run.status === "running" ? now : 0} keyOf={keyOf} selected={selected.includes(run.id)} onSelect={select} />
              ))}
              {visible.after > 0 && <tr className="spacer" aria-hidden="true" style={{ height: visible.after }} />}
            </tbody>
          </table>
          {hasNextPage && (
            <p className="meta runs-more" data-testid="runs-more">
              Loading more runs…
            </p>
          )}
        </div>
      )}
      {runs.error && runs.data && <QueryStatus query={runs} what="runs" />}
    </section>
  );
}
