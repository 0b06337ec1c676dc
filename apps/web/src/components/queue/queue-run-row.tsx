"use client";

import Link from "next/link";
import { memo } from "react";
import { experimentLabel, runLabel } from "../../lib/format.ts";
import { runEta } from "../../lib/run-eta.ts";
import { runPhase } from "../../lib/run-phase.ts";
import type { RunListItem } from "../../trpc/router-types.ts";
import { TagChips } from "../annotation/tag-chips.tsx";
import { ProgressBar } from "../progress-bar.tsx";
import { RunControls } from "../run/run-controls.tsx";
import { StatusBadge } from "../status-badge.tsx";

/**
 * One run of the queue's table. Memoized: a page of a hundred rows re-renders only the rows an
 * event changed (`now` is passed to running rows only, for their ETA).
 */
export const QueueRunRow = memo(function QueueRunRow({ run, now }: { run: RunListItem; now: number }) {
  const eta = runEta(run, now);
  return (
    <tr data-run-id={run.id} data-status={run.status} data-owner={run.owner}>
      <td>
        <Link href={`/runs/${run.id}`}>{runLabel(run)}</Link>
        <TagChips tags={run.tags} />
        {run.error && <div className="error small">{run.error}</div>}
      </td>
      <td className="experiment-cell">
        <Link href={`/experiments/${run.experimentId}`}>{experimentLabel({ title: run.experimentTitle, name: run.experimentName })}</Link>
        <TagChips tags={run.experimentTags} />
        <div className="meta">{run.preset}</div>
      </td>
      <td>{run.owner}</td>
      <td>{runPhase(run)}</td>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td>
        <ProgressBar epoch={run.epoch} epochs={run.epochs} />
        {eta && <div className="meta">about {eta} left</div>}
      </td>
      <td>{run.backend ?? "—"}</td>
      <td>
        <RunControls run={run} owner={run.owner} />
      </td>
    </tr>
  );
});
