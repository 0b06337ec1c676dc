"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { experimentLabel, formatTime } from "../../lib/format.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { AnnotationPanel } from "../annotation/annotation-panel.tsx";
import { ExperimentSkeleton } from "../page-skeleton.tsx";
import { QueryStatus } from "../query-status.tsx";
import { hasFilters, runsListInput } from "../../lib/queue-filters.ts";
import { RunFilters } from "../run-grid/run-filters.tsx";
import { RunGrid } from "../run-grid/run-grid.tsx";
import { useRunFilters } from "../run-grid/use-run-filters.ts";
import { StatusBadge } from "../status-badge.tsx";
import { CancelExperiment } from "./cancel-experiment.tsx";
import { Figure1 } from "./figure1.tsx";
import { Figure4View } from "../figures/figure4-view.tsx";
import { Figure5View } from "../figures/figure5-view.tsx";
import { Figure6View } from "../figures/figure6-view.tsx";
import { Table1View } from "./table1-view.tsx";
import { Table2View } from "./table2-view.tsx";

/**
 * One experiment: its options, its runs and every paper view its runs feed (the daemon decides
 * which from the runs, as `minima reproduce` does): a Table 2 ablation that also measured
 * distances, norms and FGSM shows Table 1 and Figures 5–6 as well.
 */
export function ExperimentView({ experimentId }: { experimentId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.experiments.get.queryOptions({ id: experimentId }));

  if (!detail.data) return <QueryStatus query={detail} what="the experiment" skeleton={<ExperimentSkeleton />} />;
  const { experiment, runs, views, setting } = detail.data;
  const shows = (view: (typeof views)[number]) => views.includes(view);
  return (
    <div className="experiment-page">
      <p className="breadcrumb">
        <Link href="/">Queue</Link> / {experimentLabel(experiment)}
      </p>
      <header className="page-header">
        <h1>{experimentLabel(experiment)}</h1>
        <StatusBadge status={experiment.status} />
        <CancelExperiment experiment={experiment} />
      </header>
      <p className="meta">
        {experiment.name !== null && `${experiment.title} · `}
        {experiment.preset} · queued by {experiment.owner} · {formatTime(experiment.createdAt)} ·{" "}
        {Object.entries(experiment.options)
          .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
          .join(", ")}
      </p>
      <AnnotationPanel target={{ kind: "experiment", id: experiment.id }} annotation={experiment} title={experiment.title} owner={experiment.owner} />
      <ExperimentRuns experimentId={experiment.id} />
      {shows("figure1") && <Figure1 experimentId={experiment.id} runs={runs} />}
      {shows("table1") && <Table1View experimentId={experiment.id} runs={runs} setting={setting} />}
      {shows("table2") && <Table2View experimentId={experiment.id} setting={setting} />}
      {shows("figure4") && <Figure4View experimentId={experiment.id} runs={runs} />}
      {shows("figure5") && <Figure5View experimentId={experiment.id} runs={runs} />}
      {shows("figure6") && <Figure6View experimentId={experiment.id} runs={runs} />}
    </div>
  );
}

/** The experiment's runs in the queue's table, with its filters (owner, preset and experiment are this one's). */
function ExperimentRuns({ experimentId }: { experimentId: string }) {
  const [filters, setFilters] = useRunFilters();
  return (
    <RunGrid
      kind="experiment"
      filter={{ ...runsListInput(filters), experimentId }}
      empty={hasFilters(filters) ? "No run of this experiment matches these filters." : "This experiment has no runs."}
    >
      <RunFilters filters={filters} onChange={setFilters} />
    </RunGrid>
  );
}
