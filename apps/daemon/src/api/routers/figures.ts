import { artifactsOf, listRuns } from "@minima/db";
import type { DecisionRaster, LabelledPoint } from "@minima/metrics";
import type { TRPCRouterRecord } from "@trpc/server";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { fgsmOfExperiment, normsOfExperiment, rSweepOfExperiment } from "../../results/figures-of-experiment.ts";
import { viewerProcedure } from "../trpc.ts";
import { expectedSeeds } from "./tables.ts";

const byExperiment = z.object({ experimentId: z.string().uuid() });

interface Boundary {
  raster: DecisionRaster;
  points: LabelledPoint[];
}

export const figuresRouter = {
  /** Figure 1's panels: each toy run's decision raster and the points it was trained on. */
  toyBoundaries: viewerProcedure.input(byExperiment).query(async ({ ctx, input }) => {
    const runs = (await listRuns(ctx.db, { experimentId: input.experimentId })).filter((r) => r.kind === "toy");
    const panels = await Promise.all(
      runs.map(async (run) => {
        const artifact = (await artifactsOf(ctx.db, run.id)).find((a) => a.name === "boundary");
        const boundary =
          artifact && run.status === "succeeded"
            ? (JSON.parse(await readFile(ctx.store.resolve(artifact.path), "utf8")) as Boundary)
            : null;
        return {
          key: run.key,
          title: run.title,
          runId: run.id,
          status: run.status,
          raster: boundary?.raster ?? null,
          points: boundary?.points ?? [],
        };
      }),
    );
    return { panels };
  }),
  /** Figure 4: vanilla SGD's accuracy against the R of its adversarial init (R = 0: random init). */
  rSweep: viewerProcedure.input(byExperiment).query(async ({ ctx, input }) => rSweepOfExperiment(ctx.db, input.experimentId, await expectedSeeds(ctx.db, input.experimentId))),
  /** Figure 5: Frobenius, ℓ1-path and ℓ2-path norms of the six checkpoints, per dataset and model. */
  norms: viewerProcedure.input(byExperiment).query(async ({ ctx, input }) => ({ rows: await normsOfExperiment(ctx.db, input.experimentId, await expectedSeeds(ctx.db, input.experimentId)) })),
  /** Figure 6: test accuracy against the FGSM strength ε of each trained model, per dataset and model. */
  fgsm: viewerProcedure.input(byExperiment).query(async ({ ctx, input }) => ({ rows: await fgsmOfExperiment(ctx.db, input.experimentId, await expectedSeeds(ctx.db, input.experimentId)) })),
} satisfies TRPCRouterRecord;
