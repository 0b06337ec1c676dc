"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { parseCompare } from "../../lib/curve-overlay.ts";
import { runLabel } from "../../lib/format.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { AnnotationPanel } from "../annotation/annotation-panel.tsx";
import { RunCurveDownloads } from "../compare/run-curve-downloads.tsx";
import { RunSkeleton } from "../page-skeleton.tsx";
import { QueryStatus } from "../query-status.tsx";
import { StatusBadge } from "../status-badge.tsx";
import { ComparePicker } from "./compare-picker.tsx";
import { LiveCurve } from "./live-curve.tsx";
import { RunArtifacts } from "./run-artifacts.tsx";
import { RunControls } from "./run-controls.tsx";
import { RunLogs } from "./run-logs.tsx";
import { RunSummaryCard } from "./run-summary-card.tsx";
import { RunWorker } from "./run-worker.tsx";
import { useComparedCurves } from "./use-compared-curves.ts";

/** One run: what it is, how far it got, its live curves (beside others', if asked), config, log and artifacts. */
export function RunView({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  // The picker answers at once; the URL follows (and a changed URL — a link, back — wins).
  const inUrl = parseCompare(search.get("compare"), runId).join(",");
  const [compareIds, setCompareIds] = useState(inUrl);
  const [urlSeen, setUrlSeen] = useState(inUrl);
  if (inUrl !== urlSeen) {
    setUrlSeen(inUrl);
    setCompareIds(inUrl);
  }
  const compared = useComparedCurves(useMemo(() => compareIds.split(",").filter(Boolean), [compareIds]));
  const run = useQuery(trpc.runs.get.queryOptions({ id: runId }));
  // The run does not name its owner; its experiment does (members control their own runs).
  const experimentId = run.data?.experimentId;
  const experiment = useQuery({ ...trpc.experiments.get.queryOptions({ id: experimentId ?? "" }), enabled: experimentId !== undefined });

  const setCompared = (ids: string[]) => {
    setCompareIds(ids.join(","));
    const params = new URLSearchParams(search.toString());
    if (ids.length > 0) params.set("compare", ids.join(","));
    else params.delete("compare");
    const query = params.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  if (!run.data) return <QueryStatus query={run} what="the run" skeleton={<RunSkeleton />} />;
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
      <AnnotationPanel target={{ kind: "run", id: runId }} annotation={run.data} title={run.data.title} owner={experiment.data?.experiment.owner} />
      <RunSummaryCard run={run.data} />
      <RunWorker run={run.data} />
      <LiveCurve key={runId} runId={runId} compared={compared} />
      <RunCurveDownloads runId={runId} />
      <ComparePicker runId={runId} siblings={experiment.data?.runs ?? []} compared={compared} onChange={setCompared} />
      <section className="card">
        <h2>Config</h2>
        <pre className="config">{JSON.stringify(run.data.config, null, 2)}</pre>
      </section>
      <RunLogs key={`logs-${runId}`} runId={runId} status={run.data.status} />
      <RunArtifacts runId={runId} status={run.data.status} />
    </div>
  );
}
