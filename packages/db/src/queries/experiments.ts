import { emptyRunCounts, type Annotation, type RunStatus } from "@minima/metrics";
import { and, count, desc, eq, inArray, or } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "../client.ts";
import { experiments, runDependencies, runs, users } from "../schema/index.ts";
import { fingerprints } from "./run-fingerprint.ts";
import type { RunRow } from "./runs.ts";
import { copyResults, liveFingerprints, resultsOf, succeededByFingerprint } from "./run-reuse.ts";
import { annotationContains, containsText, taggedWith } from "./text-search.ts";

/** A run of a plan; `dependsOn` names other runs of the same plan by key. */
export interface PlannedRun {
  key: string;
  title: string;
  kind: string;
  config: Record<string, unknown>;
  epochs: number;
  dependsOn: string[];
  priority?: number;
}

export interface NewExperiment {
  ownerId: string;
  preset: string;
  title: string;
  options: Record<string, unknown>;
  runs: PlannedRun[];
  /** Every run's priority unless the run sets its own. */
  priority?: number;
  /**
   * What each run is expected to need of its device's memory, in MiB, as its owner estimated it:
   * runs with estimates share a GPU while their sum fits; a run without one has a GPU to itself.
   */
  memoryMb?: number;
  /**
   * Take over what a twin (a run of the same fingerprint, in any experiment) computed instead of
   * training again: at once for twins that already succeeded, and, for twins still queued or
   * running, when a daemon would start the run and the twin has succeeded by then.
   */
  reuseFinished?: boolean;
  /** The owner's name, notes and tags for it, given when it is queued. */
  annotation?: Partial<Annotation>;
}

/**
 * What creating a plan would reuse: the keys of its runs that a twin already finished (taken over
 * at once), and of those whose twin is queued or running (trained once, by whichever comes first;
 * the other takes its results when it would start).
 */
export async function reusableRuns(db: Db, plan: readonly PlannedRun[]): Promise<{ finished: string[]; inFlight: string[] }> {
  const prints = fingerprints(plan);
  const previous = await succeededByFingerprint(db, [...prints.values()]);
  const finished = plan.filter((r) => previous.has(prints.get(r.key)!)).map((r) => r.key);
  const live = await liveFingerprints(db, [...prints.values()]);
  const inFlight = plan.filter((r) => !finished.includes(r.key) && live.has(prints.get(r.key)!)).map((r) => r.key);
  return { finished, inFlight };
}

/**
 * Stores an experiment and its run DAG in one transaction; the plan must already be valid. With
 * `reuseFinished`, a run whose fingerprint matches a run that already succeeded (in any
 * experiment) is stored as succeeded with that run's metrics and artifacts (the files are shared,
 * not copied), and the others are marked to do the same when they come to start (run-reuse.ts),
 * so creating the same plan twice, or two plans that share runs, trains nothing twice.
 */
export async function createExperiment(db: Db, plan: NewExperiment): Promise<{ id: string; runIds: Record<string, string>; reused: string[] }> {
  const runIds = Object.fromEntries(plan.runs.map((r) => [r.key, randomUUID()]));
  const prints = fingerprints(plan.runs);
  return db.transaction(async (tx) => {
    const [experiment] = await tx
      .insert(experiments)
      .values({ ownerId: plan.ownerId, preset: plan.preset, title: plan.title, options: plan.options, ...plan.annotation })
      .returning({ id: experiments.id });
    const id = experiment!.id;
    const previous = plan.reuseFinished ? await succeededByFingerprint(tx, [...prints.values()]) : new Map<string, RunRow>();
    await tx.insert(runs).values(
      plan.runs.map((r) => {
        const row = {
          id: runIds[r.key]!,
          experimentId: id,
          key: r.key,
          title: r.title,
          kind: r.kind,
          config: r.config,
          epochs: r.epochs,
          priority: r.priority ?? plan.priority ?? 0,
          memoryMb: plan.memoryMb ?? null,
          fingerprint: prints.get(r.key)!,
          reuse: plan.reuseFinished === true,
        };
        const done = previous.get(row.fingerprint);
        return done ? { ...row, ...resultsOf(done) } : row;
      }),
    );
    const edges = plan.runs.flatMap((r) => r.dependsOn.map((dep) => ({ runId: runIds[r.key]!, dependsOnId: runIds[dep]! })));
    if (edges.length > 0) await tx.insert(runDependencies).values(edges);
    const reused: string[] = [];
    for (const r of plan.runs) {
      const done = previous.get(prints.get(r.key)!);
      if (!done) continue;
      await copyResults(tx, done.id, runIds[r.key]!);
      reused.push(r.key);
    }
    return { id, runIds, reused };
  });
}

export interface ExperimentSummary {
  id: string;
  preset: string;
  title: string;
  /** Its owner's name for it; null: none, the title is shown. */
  name: string | null;
  notes: string;
  tags: string[];
  owner: string;
  options: Record<string, unknown>;
  createdAt: Date;
  runCounts: Record<RunStatus, number>;
}

/** Which experiments a list shows; every field narrows it. */
export interface ExperimentFilter {
  ids?: readonly string[] | undefined;
  /** Case-insensitive part of its title, name, notes or tags. */
  search?: string | undefined;
  /** A tag it carries. */
  tag?: string | undefined;
}

/** Experiments newest first, each with how many of its runs are in each state. */
export async function listExperiments(db: Db, filter: ExperimentFilter = {}): Promise<ExperimentSummary[]> {
  const search = filter.search?.trim();
  const rows = await db
    .select({
      id: experiments.id,
      preset: experiments.preset,
      title: experiments.title,
      name: experiments.name,
      notes: experiments.notes,
      tags: experiments.tags,
      owner: users.name,
      options: experiments.options,
      createdAt: experiments.createdAt,
    })
    .from(experiments)
    .innerJoin(users, eq(users.id, experiments.ownerId))
    .where(
      and(
        filter.ids ? inArray(experiments.id, [...filter.ids]) : undefined,
        search ? or(containsText(experiments.title, search), annotationContains(experiments, search)) : undefined,
        filter.tag?.trim() ? taggedWith(experiments, filter.tag) : undefined,
      ),
    )
    .orderBy(desc(experiments.createdAt));
  if (rows.length === 0) return [];
  // Counted by the database: with 10,000 runs, fetching each run's status took most of the call.
  const counts = await db
    .select({ experimentId: runs.experimentId, status: runs.status, n: count() })
    .from(runs)
    .where(inArray(runs.experimentId, rows.map((r) => r.id)))
    .groupBy(runs.experimentId, runs.status);
  const countsOf = new Map(rows.map((row) => [row.id, emptyRunCounts()]));
  for (const { experimentId, status, n } of counts) countsOf.get(experimentId)![status] += Number(n);
  return rows.map((row) => ({ ...row, runCounts: countsOf.get(row.id)! }));
}

export async function getExperiment(db: Db, id: string): Promise<ExperimentSummary | null> {
  const [row] = await listExperiments(db, { ids: [id] });
  return row ?? null;
}

/** Who owns an experiment (id and name), or null if it does not exist. */
export async function experimentOwner(db: Db, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: users.id, name: users.name }).from(experiments).innerJoin(users, eq(users.id, experiments.ownerId)).where(eq(experiments.id, id));
  return row ?? null;
}
