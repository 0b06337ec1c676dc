"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { experimentLabel } from "../../lib/format.ts";
import { hasFilters, parseQueueFilters, queueFiltersQuery, runsListInput, type QueueFilters } from "../../lib/queue-filters.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { useNow } from "../use-now.ts";
import { QueueRunRow } from "./queue-run-row.tsx";
import { RunFilters } from "./run-filters.tsx";

// A page the browser renders at once (a few screens' worth: bench:web found a hundred rows a
// visible part of the queue's first paint); the next loads as the table's end scrolls into view.
const PAGE_SIZE = 50;

/**
 * Every run on the server in one table, filtered and searched by the daemon (`runs.list`), a
 * page at a time. Filters live in the URL, so a filtered view can be linked; the run-events
 * listener keeps the loaded pages' progress and statuses current.
 */
export function AllRuns() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const inUrl = useMemo(() => parseQueueFilters(params), [params]);
  // The controls answer at once; the URL follows (and a changed URL — a link, back — wins).
  const [filters, setLocalFilters] = useState(inUrl);
  const [urlSeen, setUrlSeen] = useState(() => queueFiltersQuery(inUrl));
  if (queueFiltersQuery(inUrl) !== urlSeen) {
    setUrlSeen(queueFiltersQuery(inUrl));
    setLocalFilters(inUrl);
  }
  const setFilters = useCallback(
    (next: QueueFilters) => {
      setLocalFilters(next);
      const query = queueFiltersQuery(next);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  // Asked for before the lists the filters offer: the daemon answers a batch's queries in the
  // order they come (one embedded database connection), and the runs are what the page is for.
  const runs = useInfiniteQuery({
    ...trpc.runs.list.infiniteQueryOptions({ ...runsListInput(filters), limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
    // A new filter keeps the old rows on screen (dimmed) until its first page is in.
    placeholderData: keepPreviousData,
  });
  const experiments = useQuery(trpc.experiments.list.queryOptions());
  const presets = useQuery(trpc.experiments.presets.queryOptions());
  const owners = useMemo(() => [...new Set((experiments.data ?? []).map((e) => e.owner))].sort(), [experiments.data]);
  const experimentChoices = useMemo(
    () => [...(experiments.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((e) => ({ id: e.id, title: experimentLabel(e) })),
    [experiments.data],
  );

  const rows = useMemo(() => runs.data?.pages.flatMap((page) => page.items) ?? [], [runs.data]);
  const total = runs.data?.pages[0]?.total ?? 0;
  const now = useNow(5_000);

  const end = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = runs;
  useEffect(() => {
    const element = end.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void fetchNextPage({ cancelRefetch: false });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section className="card all-runs">
      <header className="card-header">
        <h2>Runs</h2>
        {runs.data && (
          <span className="meta" data-testid="runs-count">
            {total === 0 ? "none" : `${rows.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} shown`}
            {runs.isPlaceholderData ? " · updating…" : ""}
          </span>
        )}
      </header>
      <RunFilters
        filters={filters}
        onChange={setFilters}
        owners={owners}
        presets={presets.data?.map((p) => p.name) ?? []}
        experiments={experimentChoices}
      />
      {!runs.data ? (
        <QueryStatus query={runs} what="runs" />
      ) : rows.length === 0 ? (
        hasFilters(filters) ? (
          <p className="empty" data-testid="runs-empty">
            No run matches these filters.
          </p>
        ) : (
          <p className="empty" data-testid="runs-empty">
            No runs yet — queue an experiment with the form.
          </p>
        )
      ) : (
        <div className="runs-scroll">
          <table className={`runs all-runs-table${runs.isPlaceholderData ? " stale" : ""}`} data-testid="all-runs" data-total={total} data-loaded={rows.length}>
            <thead>
              <tr>
                <th>Run</th>
                <th>Experiment</th>
                <th>Owner</th>
                <th>Phase</th>
                <th>Status</th>
                <th>Progress</th>
                <th>Backend</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => (
                <QueueRunRow key={run.id} run={run} now={run.status === "running" ? now : 0} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.error && runs.data && <QueryStatus query={runs} what="runs" />}
      <div ref={end} className="runs-more">
        {hasNextPage && (
          <button type="button" className="secondary" disabled={isFetchingNextPage} onClick={() => void fetchNextPage({ cancelRefetch: false })}>
            {isFetchingNextPage ? "Loading more runs…" : `Load ${Math.min(PAGE_SIZE, total - rows.length).toLocaleString("en-US")} more`}
          </button>
        )}
      </div>
    </section>
  );
}
