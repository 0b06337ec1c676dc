"use client";

import Link from "next/link";
import { runDuration, runLabel } from "../lib/format.ts";
import type { RunSummary } from "../trpc/router-types.ts";
import { ProgressBar } from "./progress-bar.tsx";
import { StatusBadge } from "./status-badge.tsx";

/** An experiment's runs: status, progress, backend, and what each waits for. */
export function RunTable({ runs, now }: { runs: RunSummary[]; now: number }) {
  const keyOf = new Map(runs.map((r) => [r.id, r.key]));
  return (
    <table className="runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Status</th>
          <th>Progress</th>
          <th>Backend</th>
          <th>After</th>
          <th>Time</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-run-id={run.id}>
            <td>
              <Link href={`/runs/${run.id}`}>
                {runLabel(run)}
              </Link>
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
            <td>{runDuration(run.startedAt, run.finishedAt, now) ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
