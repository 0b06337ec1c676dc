import { and, eq, like } from "drizzle-orm";
import type { Db } from "../client.ts";
import { artifacts } from "../schema/index.ts";

export type Artifact = typeof artifacts.$inferSelect;
export type ArtifactInput = Omit<typeof artifacts.$inferInsert, "id" | "createdAt">;

/** Records (or replaces) a run's artifact of this name. */
export async function recordArtifact(db: Db, artifact: ArtifactInput): Promise<Artifact> {
  const [row] = await db
    .insert(artifacts)
    .values(artifact)
    .onConflictDoUpdate({
      target: [artifacts.runId, artifacts.name],
      set: { kind: artifact.kind, path: artifact.path, size: artifact.size, sha256: artifact.sha256, createdAt: new Date() },
    })
    .returning();
  return row!;
}

export async function artifactsOf(db: Db, runId: string): Promise<Artifact[]> {
  return db.select().from(artifacts).where(eq(artifacts.runId, runId));
}

export async function findArtifact(db: Db, runId: string, name: string): Promise<Artifact | null> {
  const [row] = await db
    .select()
    .from(artifacts)
    .where(and(eq(artifacts.runId, runId), eq(artifacts.name, name)));
  return row ?? null;
}

/** The run's checkpoint of the highest epoch (`checkpoint-epoch-N`), with N. */
export async function latestCheckpoint(db: Db, runId: string): Promise<{ artifact: Artifact; epoch: number } | null> {
  let best: { artifact: Artifact; epoch: number } | null = null;
  for (const artifact of await artifactsOf(db, runId)) {
    const epoch = Number(/^checkpoint-epoch-(\d+)$/.exec(artifact.name)?.[1] ?? Number.NaN);
    if (Number.isInteger(epoch) && (!best || epoch > best.epoch)) best = { artifact, epoch };
  }
  return best;
}

/** Forgets a run's intermediate checkpoints (it starts from scratch and writes new ones). */
export async function forgetCheckpoints(db: Db, runId: string): Promise<void> {
  await db.delete(artifacts).where(and(eq(artifacts.runId, runId), like(artifacts.name, "checkpoint-epoch-%")));
}
