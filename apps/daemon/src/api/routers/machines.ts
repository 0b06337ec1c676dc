import { getRun, listDaemons, pageRuns, type DaemonRow, type Run } from "@minima/db";
import { tracked, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { hostFacts } from "../../machine/machine-monitor.ts";
import type { HostFacts, MachineReport, MachineSample } from "../../machine/machine-sample.ts";
import type { Context } from "../context.ts";
import { resumeId } from "../input-schemas.ts";
import { viewerProcedure } from "../trpc.ts";

type RunFields = Pick<Run, "id" | "key" | "title" | "experimentId" | "epoch" | "epochs">;
const runBrief = (run: RunFields) => ({ id: run.id, key: run.key, title: run.title, experimentId: run.experimentId, epoch: run.epoch, epochs: run.epochs });

/** A run on a device, with its worker's memory as last sampled. */
type RunOnDevice = ReturnType<typeof runBrief> & { device: string; pid: number | null; rssBytes: number | null; peakBytes: number | null };

function onDevice(run: RunFields, worker: { gpu: string | null; pid: number | null } | undefined, latest: MachineSample | null): RunOnDevice {
  const memory = latest?.workers.find((w) => w.runId === run.id);
  return { ...runBrief(run), device: worker?.gpu ?? "cpu", pid: worker?.pid ?? null, rssBytes: memory?.rssBytes ?? null, peakBytes: memory?.peakBytes ?? null };
}

/** The runs this daemon trains now, each with its device and its worker's memory as last sampled. */
async function runsHere(ctx: Context, latest: MachineSample | null): Promise<RunOnDevice[]> {
  const workers = ctx.scheduler.workers();
  const runs = await Promise.all(workers.map((worker) => getRun(ctx.db, worker.runId)));
  return workers.flatMap((worker, i) => {
    const run = runs[i];
    return run ? [onDevice(run, { gpu: worker.gpu, pid: worker.pid ?? null }, latest)] : [];
  });
}

/** A host's devices: its GPUs, or its CPUs on a CPU host, each with the runs on it. */
function devicesOf(host: HostFacts, gpus: readonly { id: string; memoryMb: number | null }[], latest: MachineSample | null, runs: RunOnDevice[]) {
  if (gpus.length === 0) {
    const cpu = { kind: "cpu" as const, id: "cpu", name: `${host.cpus} × ${host.cpuModel}` };
    return [{ ...cpu, utilizationPercent: latest?.cpuPercent ?? null, memoryUsedMb: null, memoryTotalMb: null, temperatureC: null, runs }];
  }
  return gpus.map((gpu) => {
    const sampled = latest?.gpus.find((g) => g.id === gpu.id);
    return {
      kind: "gpu" as const,
      id: gpu.id,
      name: sampled?.name ?? `GPU ${gpu.id}`,
      utilizationPercent: sampled?.utilizationPercent ?? null,
      memoryUsedMb: sampled?.memoryUsedMb ?? null,
      memoryTotalMb: sampled?.memoryTotalMb ?? gpu.memoryMb,
      temperatureC: sampled?.temperatureC ?? null,
      runs: runs.filter((run) => run.device === gpu.id),
    };
  });
}

/**
 * Another daemon on this database: the runs it trains and, once it reported, its host as it last
 * did. `down` once it has been silent past the heartbeat timeout (killed, its host gone): its runs
 * are taken back to the queue then, and what it last reported is no longer its host's state.
 */
function otherDaemon(daemon: DaemonRow & { silentForMs: number }, running: readonly (RunFields & Pick<Run, "daemonId">)[], heartbeatTimeoutMs: number) {
  const report = daemon.machine as MachineReport | null;
  const latest = report?.latest ?? null;
  const runs = running
    .filter((run) => run.daemonId === daemon.id)
    .map((run) => {
      const worker = latest?.workers.find((w) => w.runId === run.id);
      return onDevice(run, worker && { gpu: worker.gpu, pid: worker.pid }, latest);
    });
  const gpus = latest?.gpus.map((gpu) => ({ id: gpu.id, memoryMb: gpu.memoryTotalMb })) ?? [];
  return {
    id: daemon.id,
    host: daemon.host,
    url: daemon.url,
    heartbeatAt: daemon.heartbeatAt.toISOString(),
    silentForMs: daemon.silentForMs,
    down: daemon.silentForMs > heartbeatTimeoutMs,
    runs,
    machine: report && { ...report.host, latest, devices: devicesOf(report.host, gpus, latest, runs) },
  };
}

export const machinesRouter = {
  /**
   * This daemon's host as last sampled (CPU, load, memory, each device with the runs on it and
   * each worker's memory), and the other daemons on the same database with the runs they train
   * and their hosts as they last reported them (every 15 s; their history stays with them), each
   * marked `down` once it has been silent past the heartbeat timeout.
   */
  current: viewerProcedure.query(async ({ ctx }) => {
    const latest = ctx.machine.latest();
    const runs = await runsHere(ctx, latest);
    const [daemons, running] = await Promise.all([listDaemons(ctx.db), pageRuns(ctx.db, { status: "running", limit: 1000 })]);
    const others = daemons
      .filter((d) => d.id !== ctx.machine.daemonId && d.stoppedAt === null)
      .map((d) => otherDaemon(d, running.items, ctx.scheduler.heartbeatTimeoutMs));
    const host = hostFacts();
    return {
      sampleEveryMs: ctx.machine.intervalMs,
      historyMs: ctx.machine.historyMs,
      here: {
        daemonId: ctx.machine.daemonId,
        ...host,
        latest,
        devices: devicesOf(host, ctx.machine.gpus, latest, runs),
      },
      others,
    };
  }),
  /**
   * This daemon's samples of its host: those kept after `lastEventId` (a sample's time; omitted,
   * the last hours), then each new one as it is taken. Subscribes before reading what is kept, so
   * a reconnecting client misses and repeats nothing while the daemon lives.
   */
  onSamples: viewerProcedure.input(z.object({ lastEventId: resumeId }).default({})).subscription(async function* ({ ctx, input, signal }) {
    const live = ctx.machine.samples(signal);
    let last = Number(input.lastEventId ?? 0);
    const emit = function* (samples: readonly MachineSample[]) {
      const fresh = samples.filter((sample) => sample.time > last);
      if (fresh.length === 0) return;
      last = fresh.at(-1)!.time;
      yield tracked(String(last), fresh);
    };
    yield* emit(ctx.machine.since(last));
    try {
      for await (const [sample] of live) yield* emit([sample]);
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
  }),
} satisfies TRPCRouterRecord;
