import { getRun, listDaemons, pageRuns, type Run } from "@minima/db";
import { tracked, type TRPCRouterRecord } from "@trpc/server";
import os from "node:os";
import { z } from "zod";
import type { MachineSample } from "../../machine/machine-sample.ts";
import type { Context } from "../context.ts";
import { resumeId } from "../input-schemas.ts";
import { viewerProcedure } from "../trpc.ts";

type RunFields = Pick<Run, "id" | "key" | "title" | "experimentId" | "epoch" | "epochs">;
const runBrief = (run: RunFields) => ({ id: run.id, key: run.key, title: run.title, experimentId: run.experimentId, epoch: run.epoch, epochs: run.epochs });

/** The runs this daemon trains now, each with its device and its worker's memory as last sampled. */
async function runsHere(ctx: Context, latest: MachineSample | null) {
  const workers = ctx.scheduler.workers();
  const runs = await Promise.all(workers.map((worker) => getRun(ctx.db, worker.runId)));
  return workers.flatMap((worker, i) => {
    const run = runs[i];
    const memory = latest?.workers.find((w) => w.runId === worker.runId);
    return run ? [{ ...runBrief(run), device: worker.gpu ?? "cpu", pid: worker.pid ?? null, rssBytes: memory?.rssBytes ?? null, peakBytes: memory?.peakBytes ?? null }] : [];
  });
}

/** This host's devices: its GPUs, or its CPUs on a CPU host, each with the runs on it. */
function devicesHere(ctx: Context, latest: MachineSample | null, runs: Awaited<ReturnType<typeof runsHere>>) {
  if (ctx.machine.gpus.length === 0) {
    const cpu = { kind: "cpu" as const, id: "cpu", name: `${os.availableParallelism()} × ${os.cpus()[0]?.model.trim() ?? "CPU"}` };
    return [{ ...cpu, utilizationPercent: latest?.cpuPercent ?? null, memoryUsedMb: null, memoryTotalMb: null, temperatureC: null, runs }];
  }
  return ctx.machine.gpus.map((gpu) => {
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

export const machinesRouter = {
  /**
   * This daemon's host as last sampled (CPU, load, memory, each device with the runs on it and
   * each worker's memory), and the other daemons on the same database with the runs they train
   * (each samples its own host: ask it for its machine).
   */
  current: viewerProcedure.query(async ({ ctx }) => {
    const latest = ctx.machine.latest();
    const runs = await runsHere(ctx, latest);
    const [daemons, running] = await Promise.all([listDaemons(ctx.db), pageRuns(ctx.db, { status: "running", limit: 1000 })]);
    const others = daemons
      .filter((d) => d.id !== ctx.machine.daemonId && d.stoppedAt === null)
      .map((d) => ({ id: d.id, host: d.host, url: d.url, heartbeatAt: d.heartbeatAt.toISOString(), runs: running.items.filter((r) => r.daemonId === d.id).map(runBrief) }));
    return {
      sampleEveryMs: ctx.machine.intervalMs,
      historyMs: ctx.machine.historyMs,
      here: {
        daemonId: ctx.machine.daemonId,
        hostname: os.hostname(),
        platform: `${os.platform()}-${os.arch()}`,
        cpus: os.availableParallelism(),
        latest,
        devices: devicesHere(ctx, latest, runs),
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
