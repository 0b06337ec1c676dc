import type { ImageRunConfig } from "@minima/core";
import { getExperiment, listRuns, metricsOf } from "@minima/db";
import { table2, type Table2Measure } from "@minima/metrics";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { viewerProcedure } from "../trpc.ts";

export const tablesRouter = {
  /**
   * Table 2 of an ablation experiment as it fills in: each cell aggregates the final train and
   * test accuracy of its finished runs over seeds, with the paper's value beside it.
   */
  table2: viewerProcedure.input(z.object({ experimentId: z.string().uuid() })).query(async ({ ctx, input }) => {
    const experiment = await getExperiment(ctx.db, input.experimentId);
    if (!experiment) throw new TRPCError({ code: "NOT_FOUND", message: `No experiment ${input.experimentId}.` });
    const runs = (await listRuns(ctx.db, { experimentId: input.experimentId, status: "succeeded" })).filter(
      (r) => r.kind === "image" && (r.config as ImageRunConfig).phase === "train",
    );
    const measures: Table2Measure[] = [];
    for (const run of runs) {
      const config = run.config as ImageRunConfig;
      const points = await metricsOf(ctx.db, run.id);
      const last = Math.max(...points.map((p) => p.epoch));
      for (const [name, split] of [["train_acc", "train"], ["test_acc", "test"]] as const) {
        const point = points.find((p) => p.epoch === last && p.name === name);
        if (point) {
          measures.push({ mode: config.mode, init: config.start === "dependency" ? "adversarial" : "random", split, seed: config.seed, value: point.value, runId: run.id });
        }
      }
    }
    const seeds = typeof experiment.options.seeds === "number" ? experiment.options.seeds : 5;
    return table2(measures, { expectedSeeds: seeds });
  }),
} satisfies TRPCRouterRecord;
