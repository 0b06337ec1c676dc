import { listExperiments } from "@minima/db";
import { RUN_STATUSES, type RunStatus } from "@minima/metrics";
import type { TRPCRouterRecord } from "@trpc/server";
import os from "node:os";
import { publicProcedure, viewerProcedure } from "../trpc.ts";

export const systemRouter = {
  /** Liveness and the engine runs train on; open to all so a dashboard can say what it reaches. */
  health: publicProcedure.query(({ ctx }) => {
    const engine = ctx.engine();
    return {
      ok: true as const,
      version: ctx.version,
      backend: engine ? `${engine.backend} (${engine.device})` : "probing…",
      backendReason: engine?.fallbackReason ?? null,
      uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000),
    };
  }),
  /** What a client checks before it relies on a procedure. */
  version: publicProcedure.query(({ ctx }) => ({ daemon: ctx.version, node: process.version, api: "trpc-v11" as const })),
  /** The engine a worker found (null while the first probe runs) and the host it runs on. */
  engine: viewerProcedure.query(({ ctx }) => {
    const engine = ctx.engine();
    return {
      probing: engine === null,
      backend: engine?.backend ?? null,
      provider: engine?.provider ?? null,
      device: engine?.device ?? null,
      fallbackReason: engine?.fallbackReason ?? null,
      host: {
        platform: `${os.platform()}-${os.arch()}`,
        cpus: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        freeMemoryGiB: Math.round((os.freemem() / 2 ** 30) * 10) / 10,
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
    };
  }),
  /** Runs by status over all experiments, and the workers this daemon runs now. */
  queue: viewerProcedure.query(async ({ ctx }) => {
    const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
    for (const experiment of await listExperiments(ctx.db)) {
      for (const status of RUN_STATUSES) byStatus[status] += experiment.runCounts[status];
    }
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    return { running: ctx.scheduler.runningCount(), byStatus, total };
  }),
} satisfies TRPCRouterRecord;
