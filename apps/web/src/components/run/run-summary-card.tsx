"use client";

import Link from "next/link";
import { formatTime, runDuration } from "../../lib/format.ts";
import type { RunDetail } from "../../trpc/router-types.ts";
import { ProgressBar } from "../progress-bar.tsx";
import { useNow } from "../use-now.ts";

/** The facts of a run: progress, backend, timing, dependencies, the run it reused, error. */
export function RunSummaryCard({ run }: { run: RunDetail }) {
  const now = useNow();
  return (
    <section className="card">
      <dl className="facts">
        <dt>Progress</dt>
        <dd>
          <ProgressBar epoch={run.epoch} epochs={run.epochs} />
        </dd>
        <dt>Backend</dt>
        <dd>{run.backend ?? "not started"}</dd>
        <dt>Queued</dt>
        <dd>{formatTime(run.createdAt)}</dd>
        <dt>Started</dt>
        <dd>{run.startedAt ? formatTime(run.startedAt) : "—"}</dd>
        <dt>Finished</dt>
        <dd>{run.finishedAt ? formatTime(run.finishedAt) : "—"}</dd>
        <dt>Time</dt>
        <dd>{runDuration(run, now) ?? "—"}</dd>
        <dt>Starts after</dt>
        <dd>
          {run.dependsOn.length === 0
            ? "nothing"
            : run.dependsOn.map((id) => (
                <Link key={id} href={`/runs/${id}`} className="dep">
                  {id}
                </Link>
              ))}
        </dd>
        {run.reusedFrom && (
          <>
            <dt>Results</dt>
            <dd data-testid="reused-from">
              reused from{" "}
              <Link href={`/runs/${run.reusedFrom}`} className="dep">
                {run.reusedFrom}
              </Link>
              , which has the same configuration and inputs: this run did not train (its times are that run&apos;s)
            </dd>
          </>
        )}
        {run.error && (
          <>
            <dt>Error</dt>
            <dd className="error">{run.error}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
