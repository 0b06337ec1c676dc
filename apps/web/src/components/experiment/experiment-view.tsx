"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { experimentLabel, formatTime } from "../../lib/format.ts";
import type { ExperimentDetail } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { AnnotationPanel } from "../annotation/annotation-panel.tsx";
import { ExperimentHeadingSkeleton } from "../page-skeleton.tsx";
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
  // The runs table asks for its first page at once, beside the experiment, not after it: one
  // round trip less before the runs are on screen. It keeps its place when the header arrives.
  return (
    <div className="experiment-page">
      {detail.data ? <ExperimentHeader experiment={detail.data.experiment} /> : <QueryStatus query={detail} what="the experiment" skeleton={<ExperimentHeadingSkeleton />} />}
      {!detail.error && <ExperimentRuns experimentId={experimentId} />}
      {detail.data && <ExperimentViews experimentId={experimentId} detail={detail.data} />}
    </div>
  );
}

/** Breadcrumb, title, status, options and the owner's name, notes and tags. */
function ExperimentHeader({ experiment }: { experiment: ExperimentDetail["experiment"] }) {
  return (
    <>
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
    </>
  );
}

/** Every paper view the experiment's runs feed. */
function ExperimentViews({ experimentId, detail: { runs, views, setting } }: { experimentId: string; detail: ExperimentDetail }) {
  const shows = (view: (typeof views)[number]) => views.includes(view);
  return (
    <>
      {shows("figure1") && <Figure1 experimentId={experimentId} runs={runs} />}
      {shows("table1") && <Table1View experimentId={experimentId} runs={runs} setting={setting} />}
      {shows("table2") && <Table2View experimentId={experimentId} setting={setting} />}
      {shows("figure4") && <Figure4View experimentId={experimentId} runs={runs} />}
      {shows("figure5") && <Figure5View experimentId={experimentId} runs={runs} />}
      {shows("figure6") && <Figure6View experimentId={experimentId} runs={runs} />}
    </>
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
