import { annotateExperiment, appendEvent, createExperiment, getExperiment, listExperiments, listRuns, reusableRuns, runsAwaitingTwins } from "@minima/db";
import { isFinished } from "@minima/metrics";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { estimatePlan } from "../../plans/estimate.ts";
import { listPresets, planExperiment } from "../../plans/presets.ts";
import { viewsOfRuns } from "../../results/views-of-runs.ts";
import { cancel } from "../../scheduler/run-control.ts";
import { annotatedUpdate, runUpdate } from "../../scheduler/run-changes.ts";
import { annotationFields, annotationInput, annotationPatch } from "../annotation-input.ts";
import { ownExperimentProcedure } from "../owned-procedures.ts";
import { checkPriority, PRIORITY } from "../priority.ts";
import { experimentView, runView } from "../views.ts";
import { memberProcedure, viewerProcedure } from "../trpc.ts";

/** A name of the user's choosing (default: the preset's title), shown wherever the experiment is. */
const TITLE = z.string().trim().min(1).max(200);

const planInput = z.object({
  preset: z.string().min(1).max(100),
  options: z.record(z.string().max(100), z.unknown()).default({}),
});

export const experimentsRouter = {
  presets: viewerProcedure.query(() =>
    listPresets().map(({ name, title, description, options }) => ({ name, title, description, options })),
  ),
  /** The expansion of a plan, without queueing anything. */
  plan: viewerProcedure.input(planInput).query(async ({ ctx, input }) => {
    const { options, runs } = planExperiment(input.preset, input.options);
    const { finished, inFlight } = await reusableRuns(ctx.db, runs);
    return {
      options,
      runs: runs.map(({ key, title, epochs, dependsOn }) => ({ key, title, epochs, dependsOn, reused: finished.includes(key), twinInFlight: inFlight.includes(key) })),
      reusable: finished.length,
      /** Runs whose twin is queued or running: trained once, for both (unless created with `fresh`). */
      twinsInFlight: inFlight.length,
      estimate: await estimatePlan(ctx.db, runs, new Set([...finished, ...inFlight]), ctx.scheduler.concurrency),
    };
  }),
  /**
   * Queues a plan's runs; `priority` (members: at most 0) orders them against other runs. Runs an
   * earlier experiment already finished are taken over, not trained again, unless `fresh`.
   * `memoryGiB`, each run's expected device memory, lets runs share a GPU while their sum fits;
   * without it a run has a GPU to itself. A name, notes and tags may be given at once.
   */
  create: memberProcedure
    .input(
      planInput.extend({
        priority: PRIORITY.optional(),
        title: TITLE.optional(),
        fresh: z.boolean().optional(),
        memoryGiB: z.number().positive().max(4096).optional(),
        ...annotationFields.shape,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { preset, options, runs } = planExperiment(input.preset, input.options);
      const priority = input.priority ?? 0;
      checkPriority(ctx.user, priority);
      const { id, reused } = await createExperiment(ctx.db, {
        ownerId: ctx.user.id,
        preset: preset.name,
        title: input.title ?? preset.title,
        options,
        runs,
        priority,
        reuseFinished: !input.fresh,
        annotation: annotationPatch(input),
        ...(input.memoryGiB === undefined ? {} : { memoryMb: Math.ceil(input.memoryGiB * 1024) }),
      });
      const eventId = await appendEvent(ctx.db, { type: "experiment.created", experimentId: id, actorId: ctx.user.id, data: { preset: preset.name, options, reused } });
      for (const run of await listRuns(ctx.db, { experimentId: id })) ctx.bus.publishRunUpdate(runUpdate(run, eventId));
      ctx.scheduler.wake();
      return { id, reused: reused.length };
    }),
  /** Experiments newest first; `search` looks in their titles, names, notes and tags, `tag` keeps those carrying it. */
  list: viewerProcedure
    .input(z.object({ search: z.string().max(200).optional(), tag: z.string().max(200).optional() }).optional())
    .query(async ({ ctx, input }) => (await listExperiments(ctx.db, input ?? {})).map(experimentView)),
  get: viewerProcedure.input(z.object({ id: z.string().uuid() })).query(async ({ ctx, input }) => {
    const experiment = await getExperiment(ctx.db, input.id);
    if (!experiment) throw new TRPCError({ code: "NOT_FOUND", message: `No experiment ${input.id}.` });
    const runs = await listRuns(ctx.db, { experimentId: input.id });
    const awaiting = await runsAwaitingTwins(ctx.db, input.id);
    // The paper's views its runs feed and the setting they trained, whatever the preset: the page shows each.
    // awaitsTwin: queued to take the results of a twin that runs or is queued before it (it will train nothing).
    return { experiment: experimentView(experiment), runs: runs.map((run) => ({ ...runView(run), awaitsTwin: awaiting.has(run.id) })), ...viewsOfRuns(runs) };
  }),
  /** Cancels every run of the experiment not finished yet (members: their own experiments). */
  cancel: ownExperimentProcedure("cancel").mutation(async ({ ctx, input }) => {
    let cancelled = 0;
    for (const run of await listRuns(ctx.db, { experimentId: input.id })) {
      if (!isFinished(run.status) && (await cancel(ctx, run.id, ctx.user.id))) cancelled++;
    }
    await appendEvent(ctx.db, { type: "experiment.cancelled", experimentId: input.id, actorId: ctx.user.id, data: { cancelled } });
    return { cancelled };
  }),
  /**
   * Names, notes or tags an experiment (members: their own); the fields given replace the old
   * ones. Recorded as an `experiment.annotated` event; its runs' watchers are told to fetch again.
   */
  annotate: ownExperimentProcedure("annotate")
    .input(annotationInput)
    .mutation(async ({ ctx, input }) => {
      const changed = await annotateExperiment(ctx.db, input.id, annotationPatch(input), ctx.user.id);
      if (!changed) throw new TRPCError({ code: "NOT_FOUND", message: `No experiment ${input.id}.` });
      for (const run of await listRuns(ctx.db, { experimentId: input.id })) ctx.bus.publishRunUpdate(annotatedUpdate(run, changed.eventId));
      return changed.annotation;
    }),
} satisfies TRPCRouterRecord;
