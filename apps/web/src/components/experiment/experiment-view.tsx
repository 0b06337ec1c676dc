"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { experimentLabel, formatTime } from "../../lib/format.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { AnnotationPanel } from "../annotation/annotation-panel.tsx";
import { QueryStatus } from "../query-status.tsx";
import { RunGrid } from "../run-grid/run-grid.tsx";
import { StatusBadge } from "../status-badge.tsx";
import { CancelExperiment } from "./cancel-experiment.tsx";
import { Figure1 } from "./figure1.tsx";
import { Figure4View } from "../figures/figure4-view.tsx";
import { Figure5View } from "../figures/figure5-view.tsx";
import { Figure6View } from "../figures/figure6-view.tsx";
import { Table1View } from "./table1-view.tsx";
import { Table2View } from "./table2-view.tsx";

/** One experiment: its options, its runs and, where the preset has one, its figure or table. */
export function ExperimentView({ experimentId }: { experimentId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.experiments.get.queryOptions({ id: experimentId }));

  if (!detail.data) return <QueryStatus query={detail} what="the experiment" />;
  const { experiment, runs } = detail.data;
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
      <RunGrid filter={{ experimentId: experiment.id }} empty="This experiment has no runs." />
      {experiment.preset === "figure1-toy" && <Figure1 experimentId={experiment.id} runs={runs} />}
      {experiment.preset === "table2-ablation" && <Table2View experimentId={experiment.id} />}
      {experiment.preset === "table1-distances" && <Table1View experimentId={experiment.id} runs={runs} />}
      {experiment.preset === "r-sweep" && <Figure4View experimentId={experiment.id} runs={runs} />}
      {experiment.preset === "norms" && <Figure5View experimentId={experiment.id} runs={runs} />}
      {experiment.preset === "fgsm" && <Figure6View experimentId={experiment.id} runs={runs} />}
    </div>
  );
}
