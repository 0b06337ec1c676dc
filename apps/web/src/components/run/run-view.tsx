"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { runLabel } from "../../lib/format.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { StatusBadge } from "../status-badge.tsx";
import { LiveCurve } from "./live-curve.tsx";
import { RunControls } from "./run-controls.tsx";
import { RunSummaryCard } from "./run-summary-card.tsx";

/** One run: what it is, how far it got, its config and its live curves. */
export function RunView({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.runs.get.queryOptions({ id: runId }));
  // The run does not name its owner; its experiment does (members control their own runs).
  const experimentId = run.data?.experimentId;
  const experiment = useQuery({ ...trpc.experiments.get.queryOptions({ id: experimentId ?? "" }), enabled: experimentId !== undefined });

  if (!run.data) return <QueryStatus query={run} what="the run" />;
  return (
    <div className="run-page">
      <p className="breadcrumb">
        <Link href="/">Queue</Link> / <Link href={`/experiments/${run.data.experimentId}`}>experiment</Link> / run ({run.data.key})
      </p>
      <header className="page-header">
        <h1>{runLabel(run.data)}</h1>
        <StatusBadge status={run.data.status} />
        <RunControls run={run.data} owner={experiment.data?.experiment.owner} />
      </header>
      <RunSummaryCard run={run.data} />
      <LiveCurve key={runId} runId={runId} />
      <section className="card">
        <h2>Config</h2>
        <pre className="config">{JSON.stringify(run.data.config, null, 2)}</pre>
      </section>
    </div>
  );
}
