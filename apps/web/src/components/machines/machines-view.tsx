"use client";

import { useQuery } from "@tanstack/react-query";
import { ListLink } from "../list-link.tsx";
import { formatBytes } from "../../lib/format-bytes.ts";
import { formatDuration, formatTime, runLabel } from "../../lib/format.ts";
import type { MachineDevice, MachineSample, MachinesCurrent } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { ProgressBar } from "../progress-bar.tsx";
import { MachinesSkeleton } from "../page-skeleton.tsx";
import { QueryStatus } from "../query-status.tsx";
import { StatusBadge } from "../status-badge.tsx";
import { MachineCharts } from "./machine-charts.tsx";
import { useMachineSamples } from "./use-machine-samples.ts";

const HOUR_MS = 3_600_000;
const orDash = (value: number | null, unit: string) => (value === null ? "—" : `${Math.round(value)}${unit}`);

/**
 * The machine: this daemon's host (CPU, load, memory), each of its devices with the runs on it
 * and their workers' memory, charts of the last hours growing live, and the other daemons.
 */
export function MachinesView() {
  const trpc = useTRPC();
  // Each new sample also refreshes the runs on each device (which runs, their progress).
  const current = useQuery(trpc.machines.current.queryOptions());
  const { samples, live } = useMachineSamples(current.data?.historyMs ?? 3 * HOUR_MS, () => void current.refetch());
  if (!current.data) return <QueryStatus query={current} what="the machines" skeleton={<MachinesSkeleton />} />;
  const { here, others, sampleEveryMs, historyMs } = current.data;
  const latest = samples.at(-1) ?? here.latest;
  return (
    <div className="machines-page">
      <header className="page-header">
        <h1>Machines</h1>
        <span className="meta">
          sampled every {sampleEveryMs / 1000} s, the last {historyMs / HOUR_MS} h kept
          {live.status === "pending" ? " · live" : live.status === "error" ? " · live updates failed" : ""}
        </span>
      </header>
      {live.error && <p className="error small">Live updates: {live.error.message}</p>}
      <section className="card" data-testid="host" data-host={here.hostname}>
        <header className="card-header">
          <h2>{here.hostname}</h2>
          <span className="meta">
            {here.platform} · {here.cpus} CPUs · this daemon ({here.daemonId})
          </span>
        </header>
        <HostFacts latest={latest} />
        {here.devices.map((device) => (
          <DeviceBlock key={`${device.kind}-${device.id}`} device={device} latest={latest} />
        ))}
        <MachineCharts samples={samples} />
      </section>
      {others.length > 0 && <OtherDaemons others={others} />}
    </div>
  );
}

function HostFacts({ latest }: { latest: MachineSample | null }) {
  if (!latest) return <p className="page-status">No sample yet: the first comes within seconds of the daemon's start.</p>;
  const share = (latest.memoryUsedBytes / latest.memoryTotalBytes) * 100;
  return (
    <dl className="facts">
      <dt>Memory</dt>
      <dd data-testid="host-memory">
        {formatBytes(latest.memoryUsedBytes)} of {formatBytes(latest.memoryTotalBytes)} in use ({Math.round(share)}%)
      </dd>
      <dt>CPU</dt>
      <dd data-testid="host-cpu">
        {orDash(latest.cpuPercent, "%")} busy · load {latest.load1.toFixed(2)}
      </dd>
      <dt>Sampled</dt>
      <dd>{formatTime(new Date(latest.time).toISOString())}</dd>
    </dl>
  );
}

/** A GPU (or the CPUs of a CPU host) and the runs on it, each worker's memory from the latest sample. */
function DeviceBlock({ device, latest }: { device: MachineDevice; latest: MachineSample | null }) {
  const sampled = device.kind === "gpu" ? latest?.gpus.find((g) => g.id === device.id) : undefined;
  const gpu = { ...device, ...sampled };
  return (
    <div className="device" data-testid="device" data-device={`${device.kind}-${device.id}`}>
      <h3>
        {device.kind === "gpu" ? `GPU ${device.id}` : "CPU"} <span className="meta">{gpu.name}</span>
      </h3>
      {device.kind === "gpu" && (
        <p className="meta">
          {orDash(gpu.utilizationPercent, "%")} busy · memory {gpu.memoryUsedMb === null ? "—" : formatBytes(gpu.memoryUsedMb * 2 ** 20)} of{" "}
          {gpu.memoryTotalMb === null ? "—" : formatBytes(gpu.memoryTotalMb * 2 ** 20)} · {orDash(gpu.temperatureC, " °C")}
        </p>
      )}
      {device.runs.length === 0 ? (
        <p className="page-status">No run on it.</p>
      ) : (
        <div className="runs-scroll">
          <table className="runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Progress</th>
                <th>Worker memory</th>
                <th>Peak</th>
                <th>PID</th>
              </tr>
            </thead>
            <tbody>
              {device.runs.map((run) => {
                const worker = latest?.workers.find((w) => w.runId === run.id);
                const rss = worker?.rssBytes ?? run.rssBytes;
                const peak = worker?.peakBytes ?? run.peakBytes;
                return (
                  <tr key={run.id} data-testid="machine-run" data-run-id={run.id}>
                    <td>
                      <ListLink href={`/runs/${run.id}`}>{runLabel(run)}</ListLink>
                    </td>
                    <td>
                      <ProgressBar epoch={run.epoch} epochs={run.epochs} />
                    </td>
                    <td data-testid="worker-rss">{rss === null ? "—" : formatBytes(rss)}</td>
                    <td>{peak === null ? "—" : formatBytes(peak)}</td>
                    <td>{run.pid ?? "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * The other daemons on this database: each host as its daemon last reported it (every 15 s,
 * through the database), its devices with their runs; its charts are on its own dashboard.
 * A daemon silent past the heartbeat timeout is listed last, as down, without its stale report.
 */
function OtherDaemons({ others }: { others: MachinesCurrent["others"] }) {
  const alive = others.filter((daemon) => !daemon.down);
  const down = others.filter((daemon) => daemon.down);
  return (
    <>
      {alive.map((daemon) => (
        <OtherDaemon key={daemon.id} daemon={daemon} />
      ))}
      {down.map((daemon) => (
        <section key={daemon.id} className="card" data-testid="other-daemon" data-host={daemon.host} data-down="true">
          <header className="card-header">
            <h2>
              {daemon.host} <StatusBadge status="down" />
            </h2>
            <span className="meta">
              another daemon ({daemon.id}) at {daemon.url}
            </span>
          </header>
          <p className="page-status" data-testid="daemon-down">
            Not heard from for {formatDuration(daemon.silentForMs)} (last heard {formatTime(daemon.heartbeatAt)}): it stopped without saying so — killed, or
            its host went away. The runs it trained go back to the queue for the daemons that are up; it is listed as up again once it restarts.
          </p>
        </section>
      ))}
    </>
  );
}

function OtherDaemon({ daemon }: { daemon: MachinesCurrent["others"][number] }) {
  return (
    <section className="card" data-testid="other-daemon" data-host={daemon.host}>
      <header className="card-header">
        <h2>{daemon.host}</h2>
        <span className="meta">
          {daemon.machine ? `${daemon.machine.platform} · ${daemon.machine.cpus} CPUs · ` : ""}
          another daemon ({daemon.id}) at {daemon.url} · last heard {formatTime(daemon.heartbeatAt)}
        </span>
      </header>
      {daemon.machine ? (
        <>
          <HostFacts latest={daemon.machine.latest} />
          {daemon.machine.devices.map((device) => (
            <DeviceBlock key={`${device.kind}-${device.id}`} device={device} latest={daemon.machine!.latest} />
          ))}
        </>
      ) : (
        <>
          <p className="page-status">Its host is not reported yet (a daemon reports it every 15 s; one older than this version never does).</p>
          {daemon.runs.length > 0 && (
            <ul>
              {daemon.runs.map((run) => (
                <li key={run.id}>
                  <ListLink href={`/runs/${run.id}`}>{runLabel(run)}</ListLink> <ProgressBar epoch={run.epoch} epochs={run.epochs} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
