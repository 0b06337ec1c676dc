"use client";

import Link from "next/link";
import { runDuration, runLabel } from "../lib/format.ts";
import type { RunSummary } from "../trpc/router-types.ts";
import { TagChips } from "./annotation/tag-chips.tsx";
import { ProgressBar } from "./progress-bar.tsx";
import { RunControls } from "./run/run-controls.tsx";
import { StatusBadge } from "./status-badge.tsx";

/**
 * An experiment's runs: status, progress, backend, what each waits for, and the controls the
 * signed-in user may use on them (`owner`: who queued the experiment).
 */
export function RunTable({ runs, now, owner }: { runs: RunSummary[]; now: number; owner: string }) {
  const keyOf = new Map(runs.map((r) => [r.id, r.key]));
  return (
    <div className="runs-scroll">
      <table className="runs">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Progress</th>
            <th>Backend</th>
            <th>After</th>
            <th>Time</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>
                <Link href={`/runs/${run.id}`}>
                  {runLabel(run)}
                </Link>
                <TagChips tags={run.tags} />
                {run.error && <div className="error small">{run.error}</div>}
              </td>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td>
                <ProgressBar epoch={run.epoch} epochs={run.epochs} />
              </td>
              <td>{run.backend ?? "—"}</td>
              <td>{run.dependsOn.length ? run.dependsOn.map((id) => `(${keyOf.get(id) ?? id})`).join(" ") : "—"}</td>
              <td>{runDuration(run, now) ?? "—"}</td>
              <td>
                <RunControls run={run} owner={owner} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
