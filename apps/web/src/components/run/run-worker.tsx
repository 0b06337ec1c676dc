"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatBytes } from "../../lib/format-bytes.ts";
import type { MachinesCurrent, RunDetail } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";

/** Where a running run's worker is, from `machines.current`: this daemon's device and memory, or the daemon that runs it. */
function placeOf(machines: MachinesCurrent, runId: string) {
  for (const device of machines.here.devices) {
    const run = device.runs.find((r) => r.id === runId);
    if (run) return { here: true as const, host: machines.here.hostname, device: device.kind === "gpu" ? `GPU ${device.id} (${device.name})` : `CPU (${device.name})`, run };
  }
  const other = machines.others.find((d) => d.runs.some((r) => r.id === runId));
  return other ? { here: false as const, host: other.host } : null;
}

/** A running run's worker: the host and device it trains on, its memory now and at its peak. */
export function RunWorker({ run }: { run: RunDetail }) {
  const trpc = useTRPC();
  const running = run.status === "running";
  const machines = useQuery({ ...trpc.machines.current.queryOptions(undefined, { refetchInterval: 5000, refetchIntervalInBackground: true }), enabled: running });
  if (!running || !machines.data) return null;
  const place = placeOf(machines.data, run.id);
  if (!place) return null;
  return (
    <section className="card" data-testid="run-worker">
      <dl className="facts">
        <dt>Worker</dt>
        {place.here ? (
          <dd>
            {place.device} on {place.host} · <span data-testid="run-worker-memory">{place.run.rssBytes === null ? "memory unknown" : `${formatBytes(place.run.rssBytes)} resident`}</span>
            {place.run.peakBytes !== null && `, peak ${formatBytes(place.run.peakBytes)}`}
            {place.run.pid !== null && ` · pid ${place.run.pid}`} · <Link href="/machines">machine</Link>
          </dd>
        ) : (
          <dd>on {place.host}, whose daemon samples its memory</dd>
        )}
      </dl>
    </section>
  );
}
