import type { Annotation } from "@minima/metrics";
import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { experiments, runs } from "../schema/index.ts";
import { appendEvent } from "./events.ts";
import type { RunRow } from "./runs.ts";

/** What an annotate call changes: the fields given, the others are kept. */
export type AnnotationPatch = Partial<Annotation>;

/** The fields a patch sets, as the event records them (notes by length: the event log is no second copy of them). */
function eventData(patch: AnnotationPatch): Record<string, unknown> {
  return {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.notes === undefined ? {} : { notesLength: patch.notes.length }),
    ...(patch.tags === undefined ? {} : { tags: patch.tags }),
  };
}

const isEmpty = (patch: AnnotationPatch) => patch.name === undefined && patch.notes === undefined && patch.tags === undefined;

/**
 * Sets an experiment's name, notes or tags (already validated) and records an
 * `experiment.annotated` event naming who did it, in one transaction. Null when there is no such
 * experiment.
 */
export async function annotateExperiment(db: Db, id: string, patch: AnnotationPatch, actorId: string): Promise<{ annotation: Annotation; eventId: number } | null> {
  return db.transaction(async (tx) => {
    const select = { name: experiments.name, notes: experiments.notes, tags: experiments.tags };
    const [row] = isEmpty(patch)
      ? await tx.select(select).from(experiments).where(eq(experiments.id, id))
      : await tx.update(experiments).set(patch).where(eq(experiments.id, id)).returning(select);
    if (!row) return null;
    const eventId = await appendEvent(tx, { type: "experiment.annotated", experimentId: id, actorId, data: eventData(patch) });
    return { annotation: row, eventId };
  });
}

/** `annotateExperiment` for a run: its row after the change and the `run.annotated` event's id, or null. */
export async function annotateRun(db: Db, id: string, patch: AnnotationPatch, actorId: string): Promise<{ run: RunRow; eventId: number } | null> {
  return db.transaction(async (tx) => {
    const [run] = isEmpty(patch) ? await tx.select().from(runs).where(eq(runs.id, id)) : await tx.update(runs).set(patch).where(eq(runs.id, id)).returning();
    if (!run) return null;
    const eventId = await appendEvent(tx, { type: "run.annotated", experimentId: run.experimentId, runId: id, actorId, data: eventData(patch) });
    return { run, eventId };
  });
}
