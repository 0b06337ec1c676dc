import { getExperiment, type Db } from "@minima/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { table1OfExperiment } from "../../results/table1-of-experiment.ts";
import { table2OfExperiment } from "../../results/table2-of-experiment.ts";
import { viewerProcedure } from "../trpc.ts";

const byExperiment = z.object({ experimentId: z.string().uuid() });

/** The seeds a complete cell needs: the experiment's own `seeds` option (the paper: 5). */
export async function expectedSeeds(db: Db, experimentId: string): Promise<number> {
  const experiment = await getExperiment(db, experimentId);
  if (!experiment) throw new TRPCError({ code: "NOT_FOUND", message: `No experiment ${experimentId}.` });
  return typeof experiment.options.seeds === "number" ? experiment.options.seeds : 5;
}

/** The paper's tables as they fill in from an experiment's finished runs, published values beside. */
export const tablesRouter = {
  table1: viewerProcedure.input(byExperiment).query(async ({ ctx, input }) => table1OfExperiment(ctx.db, input.experimentId, await expectedSeeds(ctx.db, input.experimentId))),
  table2: viewerProcedure.input(byExperiment).query(async ({ ctx, input }) => table2OfExperiment(ctx.db, input.experimentId, await expectedSeeds(ctx.db, input.experimentId))),
} satisfies TRPCRouterRecord;
