import { getExperiment, getRun, listRuns, metricsOf } from "@minima/db";
import { RUN_STATUSES, type MetricRow } from "@minima/metrics";
import { tracked, TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { memberProcedure, viewerProcedure } from "../trpc.ts";
import { runView } from "../views.ts";

const runId = z.object({ id: z.string().uuid() });

export const runsRouter = {
  list: viewerProcedure
    .input(z.object({ experimentId: z.string().uuid().optional(), status: z.enum(RUN_STATUSES).optional() }).default({}))
    .query(async ({ ctx, input }) => (await listRuns(ctx.db, input)).map(runView)),
  get: viewerProcedure.input(runId).query(async ({ ctx, input }) => {
    const run = await getRun(ctx.db, input.id);
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: `No run ${input.id}.` });
    return { ...runView(run), config: run.config };
  }),
  metrics: viewerProcedure.input(runId).query(({ ctx, input }) => metricsOf(ctx.db, input.id)),
  cancel: memberProcedure.input(runId).mutation(async ({ ctx, input }) => {
    const run = await getRun(ctx.db, input.id);
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: `No run ${input.id}.` });
    const experiment = await getExperiment(ctx.db, run.experimentId);
    if (ctx.user.role !== "admin" && experiment?.owner !== ctx.user.name) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Members cancel only their own runs." });
    }
    if (!(await ctx.scheduler.cancel(input.id, ctx.user.id))) {
      throw new TRPCError({ code: "CONFLICT", message: `Run ${input.id} has already ${run.status}.` });
    }
    return { ok: true };
  }),
  /**
   * A run's points as they are stored. Subscribes before reading the backlog, and resumes after
   * `lastEventId` (a metric row id), so a reconnecting client misses and repeats nothing.
   */
  onMetrics: viewerProcedure
    .input(runId.extend({ lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const live = ctx.bus.metrics(input.id, signal);
      let last = Number(input.lastEventId ?? 0);
      const emit = function* (rows: readonly MetricRow[]) {
        for (const row of rows) {
          if (row.id <= last) continue;
          last = row.id;
          yield tracked(String(row.id), row);
        }
      };
      yield* emit(await metricsOf(ctx.db, input.id, last));
      try {
        for await (const [rows] of live) yield* emit(rows);
      } catch (error) {
        if (!signal?.aborted) throw error;
      }
    }),
  /** Status and progress changes of every run on this daemon. */
  onEvent: viewerProcedure
    .input(z.object({ lastEventId: z.string().regex(/^\d+$/).nullish() }).default({}))
    .subscription(async function* ({ ctx, input, signal }) {
      const live = ctx.bus.runEvents(signal);
      let last = Number(input.lastEventId ?? 0);
      for (const event of ctx.bus.runEventsSince(last)) {
        last = event.seq;
        yield tracked(String(event.seq), event);
      }
      try {
        for await (const [event] of live) {
          if (event.seq <= last) continue;
          last = event.seq;
          yield tracked(String(event.seq), event);
        }
      } catch (error) {
        if (!signal?.aborted) throw error;
      }
    }),
} satisfies TRPCRouterRecord;
