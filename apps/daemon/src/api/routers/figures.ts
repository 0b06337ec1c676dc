import { artifactsOf, listRuns } from "@minima/db";
import type { DecisionRaster, LabelledPoint } from "@minima/metrics";
import type { TRPCRouterRecord } from "@trpc/server";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { viewerProcedure } from "../trpc.ts";

interface Boundary {
  raster: DecisionRaster;
  points: LabelledPoint[];
}

export const figuresRouter = {
  /** Figure 1's panels: each toy run's decision raster and the points it was trained on. */
  toyBoundaries: viewerProcedure.input(z.object({ experimentId: z.string().uuid() })).query(async ({ ctx, input }) => {
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
} satisfies TRPCRouterRecord;
