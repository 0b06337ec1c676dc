"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { experimentLabel } from "../../lib/format.ts";
import { hasFilters, parseQueueFilters, QUEUE_FILTER_PARAMS, queueFiltersQuery, runsListInput, type QueueFilters } from "../../lib/queue-filters.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { RunGrid, useReplaceParams } from "../run-grid/run-grid.tsx";
import { RunFilters } from "./run-filters.tsx";

/**
 * Every run on the server in one table, filtered, searched and sorted by the daemon (`runs.list`).
 * Filters live in the URL next to the table's columns and sort, so a view can be linked; the
 * run-events listener keeps the loaded pages' progress and statuses current.
 */
export function AllRuns() {
  const trpc = useTRPC();
  const replaceParams = useReplaceParams();
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
      const query = new URLSearchParams(queueFiltersQuery(next));
      replaceParams(Object.fromEntries(QUEUE_FILTER_PARAMS.map((name) => [name, query.get(name)])));
    },
    [replaceParams],
  );

  // What the filters offer; the runs themselves are RunGrid's query.
  const experiments = useQuery(trpc.experiments.list.queryOptions());
  const presets = useQuery(trpc.experiments.presets.queryOptions());
  const owners = useMemo(() => [...new Set((experiments.data ?? []).map((e) => e.owner))].sort(), [experiments.data]);
  const experimentChoices = useMemo(
    () => [...(experiments.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((e) => ({ id: e.id, title: experimentLabel(e) })),
    [experiments.data],
  );

  return (
    <RunGrid
      filter={runsListInput(filters)}
      empty={hasFilters(filters) ? "No run matches these filters." : "No runs yet — queue an experiment with the form."}
    >
      <RunFilters
        filters={filters}
        onChange={setFilters}
        owners={owners}
        presets={presets.data?.map((p) => p.name) ?? []}
        experiments={experimentChoices}
      />
    </RunGrid>
  );
}
