"use client";

import { useQuery } from "@tanstack/react-query";
import { NO_FILTERS, queueFiltersQuery } from "../../lib/queue-filters.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { ExperimentCard } from "./experiment-card.tsx";

/** Every experiment, newest first, with its run counts (kept live by the run events); its runs are one click away in the table. */
export function ExperimentList() {
  const trpc = useTRPC();
  const experiments = useQuery(trpc.experiments.list.queryOptions());

  if (!experiments.data) return <QueryStatus query={experiments} what="experiments" />;
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
