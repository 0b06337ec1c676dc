"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { experimentsListInput, NO_FILTERS, parseQueueFilters, queueFiltersQuery } from "../../lib/queue-filters.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { ExperimentCard } from "./experiment-card.tsx";

/**
 * Every experiment, newest first, with its run counts (kept live by the run events); its runs are
 * one click away in the table. The queue's search and tag (in the URL) narrow the cards too.
 */
export function ExperimentList() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const input = useMemo(() => experimentsListInput(parseQueueFilters(params)), [params]);
  const filtered = Object.keys(input).length > 0;
  const experiments = useQuery(trpc.experiments.list.queryOptions(filtered ? input : undefined));

  if (!experiments.data) return <QueryStatus query={experiments} what="experiments" />;
  if (experiments.data.length === 0 && filtered) {
    return (
      <p className="empty" data-testid="experiments-empty">
        No experiment matches {input.tag ? `the tag “${input.tag}”` : ""}
        {input.tag && input.search ? " and " : ""}
        {input.search ? `“${input.search}”` : ""}.
      </p>
    );
  }
  if (experiments.data.length === 0) {
    return (
      <p className="empty" data-testid="empty-queue">
        No experiments yet — queue one with the form.
      </p>
    );
  }
  const sorted = [...experiments.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <ul className="experiments">
      {sorted.map((experiment) => (
        <li key={experiment.id}>
          <ExperimentCard experiment={experiment} runsHref={`/?${queueFiltersQuery({ ...NO_FILTERS, experimentId: experiment.id })}`} />
        </li>
      ))}
    </ul>
  );
}
