"use client";

import Link from "next/link";
import { formatTime } from "../../lib/format.ts";
import type { ExperimentSummary, RunSummary } from "../../trpc/router-types.ts";
import { RunTable } from "../run-table.tsx";
import { StatusBadge } from "../status-badge.tsx";

/** One experiment in the queue: title, owner, status and its runs. */
export function ExperimentCard({ experiment, runs, now }: { experiment: ExperimentSummary; runs: RunSummary[]; now: number }) {
  return (
    <article className="card experiment" data-experiment-id={experiment.id}>
      <header className="card-header">
        <h2>
          <Link href={`/experiments/${experiment.id}`}>{experiment.title}</Link>
        </h2>
        <StatusBadge status={experiment.status} />
        <span className="meta">
          {experiment.preset} · {experiment.owner} · {formatTime(experiment.createdAt)}
        </span>
      </header>
      {runs.length > 0 ? <RunTable runs={runs} now={now} owner={experiment.owner} /> : <p className="page-status">No runs yet.</p>}
    </article>
  );
}
