import type { TRPCRouterRecord } from "@trpc/server";
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
  queue: viewerProcedure.query(({ ctx }) => ({ running: ctx.scheduler.runningCount() })),
} satisfies TRPCRouterRecord;
