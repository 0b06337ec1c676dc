"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { RunSummary } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { useNow } from "../use-now.ts";
import { ExperimentCard } from "./experiment-card.tsx";

/** Every experiment, newest first, each with its runs (kept live by the run events). */
export function ExperimentList() {
  const trpc = useTRPC();
  const experiments = useQuery(trpc.experiments.list.queryOptions());
  const runs = useQuery(trpc.runs.list.queryOptions({}));
  const now = useNow();

  const runsByExperiment = useMemo(() => {
    const grouped = new Map<string, RunSummary[]>();
    for (const run of runs.data ?? []) {
      const list = grouped.get(run.experimentId) ?? [];
      list.push(run);
      grouped.set(run.experimentId, list);
    }
    return grouped;
  }, [runs.data]);

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
    <>
      {runs.error && <QueryStatus query={runs} what="runs" />}
      <ul className="experiments">
        {sorted.map((experiment) => (
          <li key={experiment.id}>
            <ExperimentCard experiment={experiment} runs={runsByExperiment.get(experiment.id) ?? []} now={now} />
          </li>
        ))}
      </ul>
    </>
  );
}
