"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { experimentLabel } from "../../lib/format.ts";
import { hasFilters, runsListInput } from "../../lib/queue-filters.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { RunFilters } from "../run-grid/run-filters.tsx";
import { RunGrid } from "../run-grid/run-grid.tsx";
import { useRunFilters } from "../run-grid/use-run-filters.ts";

/**
 * Every run on the server in one table, filtered, searched and sorted by the daemon (`runs.list`).
 * Filters live in the URL next to the table's columns and sort, so a view can be linked; the
 * run-events listener keeps the loaded pages' progress and statuses current.
 */
export function AllRuns() {
  const trpc = useTRPC();
  const [filters, setFilters] = useRunFilters();

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
      kind="queue"
      filter={runsListInput(filters)}
      empty={hasFilters(filters) ? "No run matches these filters." : "No runs yet — queue an experiment with the form."}
    >
      <RunFilters filters={filters} onChange={setFilters} choices={{ owners, presets: presets.data?.map((p) => p.name) ?? [], experiments: experimentChoices }} />
    </RunGrid>
  );
}
