import { emptyRunCounts, type Annotation, type RunStatus } from "@minima/metrics";
import { and, count, desc, eq, inArray, or, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "../client.ts";
import { artifacts, experiments, metrics, runDependencies, runs, users } from "../schema/index.ts";
import { fingerprints } from "./run-fingerprint.ts";
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
  /** Take over runs an earlier experiment already finished instead of training them again. */
  reuseFinished?: boolean;
  /** The owner's name, notes and tags for it, given when it is queued. */
  annotation?: Partial<Annotation>;
}

/** The newest succeeded run of each fingerprint. */
async function succeededByFingerprint(db: Pick<Db, "select" | "selectDistinctOn">, prints: readonly string[]) {
  if (prints.length === 0) return new Map<string, typeof runs.$inferSelect>();
  const rows = await db
    .selectDistinctOn([runs.fingerprint])
    .from(runs)
    .where(and(inArray(runs.fingerprint, [...new Set(prints)]), eq(runs.status, "succeeded")))
    .orderBy(runs.fingerprint, desc(runs.finishedAt));
  return new Map(rows.map((r) => [r.fingerprint!, r]));
}

/** The keys of a plan's runs that an earlier experiment already finished (what `createExperiment` would reuse). */
export async function reusableRuns(db: Db, plan: readonly PlannedRun[]): Promise<string[]> {
  const prints = fingerprints(plan);
  const previous = await succeededByFingerprint(db, [...prints.values()]);
  return plan.filter((r) => previous.has(prints.get(r.key)!)).map((r) => r.key);
}

/**
 * Stores an experiment and its run DAG in one transaction; the plan must already be valid. With
 * `reuseFinished`, a run whose fingerprint matches a run that already succeeded (in any
 * experiment) is stored as succeeded with that run's metrics and artifacts (the files are shared,
 * not copied), so creating the same plan twice trains nothing twice.
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
    const previous = plan.reuseFinished ? await succeededByFingerprint(tx, [...prints.values()]) : new Map<string, typeof runs.$inferSelect>();
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
        };
        const done = previous.get(row.fingerprint);
        if (!done) return row;
        const { status, epoch, attempt, backend, startedAt, finishedAt, activeMs } = done;
        return { ...row, status, epoch, attempt, backend, startedAt, finishedAt, activeMs, reusedFrom: done.id };
      }),
    );
    const edges = plan.runs.flatMap((r) => r.dependsOn.map((dep) => ({ runId: runIds[r.key]!, dependsOnId: runIds[dep]! })));
    if (edges.length > 0) await tx.insert(runDependencies).values(edges);
    const reused: string[] = [];
    for (const r of plan.runs) {
      const done = previous.get(prints.get(r.key)!);
      if (!done) continue;
      const to = runIds[r.key]!;
      await tx.execute(sql`
        INSERT INTO ${metrics} (run_id, phase, epoch, step, name, value, time)
        SELECT ${to}::uuid, phase, epoch, step, name, value, time FROM ${metrics} WHERE run_id = ${done.id} ORDER BY id`);
      await tx.execute(sql`
        INSERT INTO ${artifacts} (run_id, name, kind, path, size, sha256)
        SELECT ${to}::uuid, name, kind, path, size, sha256 FROM ${artifacts} WHERE run_id = ${done.id}`);
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
