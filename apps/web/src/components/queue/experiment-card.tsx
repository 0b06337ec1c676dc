"use client";

import type { RunStatus } from "@minima/metrics";
import { ListLink } from "../list-link.tsx";
import { experimentLabel, formatTime } from "../../lib/format.ts";
import type { ExperimentSummary } from "../../trpc/router-types.ts";
import { TagChips } from "../annotation/tag-chips.tsx";
import { StatusBadge } from "../status-badge.tsx";

/** One experiment in the queue: name (or title), tags, owner, status, how many of its runs are where, and a link to its runs in the table. */
export function ExperimentCard({ experiment, runsHref }: { experiment: ExperimentSummary; runsHref: string }) {
  const counts = (Object.entries(experiment.runCounts) as [RunStatus, number][]).filter(([, n]) => n > 0);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  return (
    <article className="card experiment" data-experiment-id={experiment.id}>
      <header className="card-header">
        <h3>
          <ListLink href={`/experiments/${experiment.id}`}>{experimentLabel(experiment)}</ListLink>
        </h3>
        <StatusBadge status={experiment.status} />
        <span className="meta">
          {experiment.name !== null && `${experiment.title} · `}
          {experiment.preset} · {experiment.owner} · {formatTime(experiment.createdAt)}
        </span>
      </header>
      <TagChips tags={experiment.tags} />
      <p className="run-counts">
        {total === 0 ? (
          <span className="meta">No runs yet.</span>
        ) : (
          <>
            <ListLink href={runsHref} scroll={false}>
              {total.toLocaleString("en-US")} {total === 1 ? "run" : "runs"}
            </ListLink>
            {": "}
            {counts.map(([status, n]) => (
              <span key={status} className={`count status-${status}`}>
                {n.toLocaleString("en-US")} {status}
              </span>
            ))}
          </>
        )}
      </p>
    </article>
  );
}
