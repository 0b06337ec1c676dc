import { annotateRun, artifactsOf, eventsOfRun, getRun, metricsForChart, metricsOf, pageRuns, RUN_SORT_KEYS, runLogOf } from "@minima/db";
import { RUN_STATUSES, toColumns, type MetricColumns, type MetricRow } from "@minima/metrics";
import { tracked, TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { cancel, pause, prioritize, requeueWith, resume, retry } from "../../scheduler/run-control.ts";
import { annotatedUpdate } from "../../scheduler/run-changes.ts";
import { annotationInput, annotationPatch } from "../annotation-input.ts";
import { artifactDownloadPath } from "../artifact-downloads.ts";
import { resumeId } from "../input-schemas.ts";
import { runCurves, runCurvesInput } from "../run-curves.ts";
import { runSettingFilterInput } from "../run-filter-input.ts";
import { checkOwner, ownRunProcedure } from "../owned-procedures.ts";
import { checkPriority, PRIORITY } from "../priority.ts";
import { runEventCursor, runUpdateStream } from "../run-update-stream.ts";
import { sharedPayload } from "../shared-payload-encoder.ts";
import { memberProcedure, viewerProcedure } from "../trpc.ts";
import { runView } from "../views.ts";

const runId = z.object({ id: z.string().uuid() });

// Every watcher of a run is handed the same columns object for the same stored batch, marked
// shared so that the WebSocket encoder serializes each batch once for all of them.
const columnsOfBatch = new WeakMap<readonly MetricRow[], MetricColumns>();
function columnsOf(runId: string, rows: readonly MetricRow[]): MetricColumns {
  let columns = columnsOfBatch.get(rows);
  if (!columns) {
    columns = sharedPayload(toColumns(runId, rows));
    columnsOfBatch.set(rows, columns);
  }
  return columns;
}

export const runsRouter = {
  /**
   * Runs with their owner, experiment, settings and final metrics, a page at a time (follow
   * `nextCursor`): running, then queued runs first, in queue order or newest first, or sorted by a
   * column (`sort`, `sortDirection`; ties by run id). Besides status, owner, preset, search and tag,
   * a filter may match a setting exactly (mode, init, replicas, seed, model, dataset) or bound a final
   * metric or the time (trainAcc…testLoss, duration: { min, max }). Every filter narrows the page and `total` alike;
   * a run reused by a later experiment is listed once.
   */
  list: viewerProcedure
    .input(
      z
        .object({
          experimentId: z.string().uuid().optional(),
          status: z.union([z.enum(RUN_STATUSES), z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length)]).optional(),
          owner: z.string().max(200).optional(),
          preset: z.string().max(200).optional(),
          search: z.string().max(200).optional(),
          tag: z.string().max(200).optional(),
          ...runSettingFilterInput,
          order: z.enum(["queue", "newest"]).default("queue"),
          sort: z.enum(RUN_SORT_KEYS).optional(),
          // Not "direction": tRPC's infinite queries send that ("forward") with every page.
          sortDirection: z.enum(["asc", "desc"]).default("asc"),
          cursor: z.string().max(2000).nullish(),
          limit: z.number().int().min(1).max(1000).default(100),
        })
        .default({ order: "queue", sortDirection: "asc", limit: 100 }),
    )
    .query(async ({ ctx, input }) => {
      const page = await pageRuns(ctx.db, { ...input, direction: input.sortDirection });
      return {
        ...page,
        items: page.items.map((run) => ({
          ...runView(run),
          owner: run.owner,
          experimentTitle: run.experimentTitle,
          experimentName: run.experimentName,
          experimentTags: run.experimentTags,
          preset: run.preset,
          mode: run.mode,
          init: run.init,
          replicas: run.replicas,
          seed: run.seed,
          model: run.model,
          dataset: run.dataset,
          trainAcc: run.trainAcc,
          testAcc: run.testAcc,
          trainLoss: run.trainLoss,
          testLoss: run.testLoss,
        })),
      };
    }),
  get: viewerProcedure.input(runId).query(async ({ ctx, input }) => {
    const run = await getRun(ctx.db, input.id);
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: `No run ${input.id}.` });
    return { ...runView(run), config: run.config };
  }),
  /** A run's points; a series longer than `maxPoints` is thinned to about that many, its extremes kept. */
  metrics: viewerProcedure
    .input(runId.extend({ maxPoints: z.number().int().min(10).max(100_000).default(5000) }))
    .query(({ ctx, input }) => metricsForChart(ctx.db, input.id, input.maxPoints)),
  /**
   * Several runs' curves for comparing or downloading (at most 20, of any experiments): each run
   * with its settings, experiment, final metrics and one series per (phase, metric), optionally
   * only the metrics in `names`. Ids of no run come back in `missing` rather than failing the rest.
   */
  curves: viewerProcedure.input(runCurvesInput).query(({ ctx, input }) => runCurves(ctx.db, input)),
  /** The run's log (what the daemon did with it, what its worker printed), oldest first. */
  logs: viewerProcedure
    .input(runId.extend({ afterId: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(1000) }))
    .query(async ({ ctx, input }) => ({
      lines: (await runLogOf(ctx.db, input.id, input.afterId, input.limit)).map((line) => ({ id: line.id, time: line.time.toISOString(), source: line.source, text: line.text })),
    })),
  /** What the run stored (checkpoints, weights, measurements), each with the path that downloads it. */
  artifacts: viewerProcedure.input(runId).query(async ({ ctx, input }) =>
    (await artifactsOf(ctx.db, input.id))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name))
      .map((a) => ({ name: a.name, kind: a.kind, size: a.size, sha256: a.sha256, createdAt: a.createdAt.toISOString(), download: artifactDownloadPath(input.id, a.name) })),
  ),
  /** Who did what to a run, oldest first. */
  events: viewerProcedure.input(runId).query(async ({ ctx, input }) =>
    (await eventsOfRun(ctx.db, input.id)).map((e) => ({ ...e, time: e.time.toISOString() })),
  ),
  cancel: ownRunProcedure("cancel").mutation(async ({ ctx, input }) => {
    if (!(await cancel(ctx, input.id, ctx.user.id))) {
      const run = await getRun(ctx.db, input.id);
      const where = run?.stopRequest === "cancel" ? "is already being cancelled" : `has already ${run?.status ?? "gone"}`;
      throw new TRPCError({ code: "CONFLICT", message: `Run ${input.id} ${where}.` });
    }
    return { ok: true };
  }),
  /** A failed or cancelled run back to the queue, from scratch; the runs it blocked are queued again. */
  retry: ownRunProcedure("retry").mutation(({ ctx, input }) => retry(ctx, input.id, ctx.user.id)),
  /** Holds a queued run; a running one stops at its next checkpoint ("pausing", then "paused"). */
  pause: ownRunProcedure("pause").mutation(({ ctx, input }) => pause(ctx, input.id, ctx.user.id)),
  /** A paused run back to the queue; it continues from its last checkpoint. */
  resume: ownRunProcedure("resume").mutation(({ ctx, input }) => resume(ctx, input.id, ctx.user.id)),
  /** Starts a run that is not running again from scratch with some of its options changed. */
  requeue: ownRunProcedure("requeue")
    .input(z.object({ options: z.record(z.string().max(100), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => requeueWith(ctx, input.id, input.options, ctx.user.id)),
  /** Names, notes or tags a run (members: their own); recorded as a `run.annotated` event and announced. */
  annotate: ownRunProcedure("annotate")
    .input(annotationInput)
    .mutation(async ({ ctx, input }) => {
      const changed = await annotateRun(ctx.db, input.id, annotationPatch(input), ctx.user.id);
      if (!changed) throw new TRPCError({ code: "NOT_FOUND", message: `No run ${input.id}.` });
      ctx.bus.publishRunUpdate(annotatedUpdate(changed.run, changed.eventId));
      return { name: changed.run.name, notes: changed.run.notes, tags: changed.run.tags };
    }),
  /** The priority of one run (`id`) or of every run of an experiment (`experimentId`); higher first. */
  setPriority: memberProcedure
    .input(
      z
        .object({ id: z.string().uuid().optional(), experimentId: z.string().uuid().optional(), priority: PRIORITY })
        .refine((v) => (v.id === undefined) !== (v.experimentId === undefined), { message: "Give either id (one run) or experimentId (all its runs)." }),
    )
    .mutation(async ({ ctx, input }) => {
      checkPriority(ctx.user, input.priority);
      if (input.id) {
        await checkOwner(ctx, { run: input.id }, "reprioritize");
        const run = await getRun(ctx.db, input.id);
        return prioritize(ctx, { runId: input.id, experimentId: run!.experimentId }, input.priority, ctx.user.id);
      }
      await checkOwner(ctx, { experiment: input.experimentId! }, "reprioritize");
      return prioritize(ctx, { experimentId: input.experimentId! }, input.priority, ctx.user.id);
    }),
  /**
   * A run's points as they are stored. Subscribes before reading the backlog, and resumes after
   * `lastEventId` (a metric row id), so a reconnecting client misses and repeats nothing.
   */
  onMetrics: viewerProcedure
    .input(runId.extend({ lastEventId: resumeId }))
    .subscription(async function* ({ ctx, input, signal }) {
      const live = ctx.bus.metrics(input.id, signal);
      let last = Number(input.lastEventId ?? 0);
      // One message per stored batch, in columns (fromColumns gives the rows back), tracked by
      // its last row id: a run streaming thousands of points a second costs each watcher a few
      // compact messages a second, not one per point.
      const emit = function* (rows: readonly MetricRow[]) {
        const fresh = rows[0] && rows[0].id > last ? rows : rows.filter((row) => row.id > last);
        if (fresh.length === 0) return;
        last = fresh.at(-1)!.id;
        yield tracked(String(last), columnsOf(input.id, fresh));
      };
      yield* emit(await metricsOf(ctx.db, input.id, last));
      try {
        for await (const [rows] of live) yield* emit(rows);
      } catch (error) {
        if (!signal?.aborted) throw error;
      }
    }),
  /**
   * Every run's status, stop request and progress as they change, on this daemon and on every
   * daemon sharing its database. A client resuming after `lastEventId` is first sent the current
   * state of every run it may have missed, even across a daemon restart or a switch of daemon.
   */
  onEvent: viewerProcedure
    .input(z.object({ lastEventId: runEventCursor.nullish() }).default({}))
    .subscription(({ ctx, input, signal }) => runUpdateStream(ctx, input.lastEventId, signal)),
} satisfies TRPCRouterRecord;
