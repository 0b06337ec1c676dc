import { artifactsOf, clearMetrics, deleteMetricsAfter, forgetCheckpoints, latestCheckpoint, updateRun, type Db, type RunRow } from "@minima/db";
import { existsSync } from "node:fs";
import path from "node:path";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";

export interface StartPoint {
  /** The checkpoint folder to continue from, and its epoch; null: from scratch. */
  resumeFrom: { dir: string; epoch: number } | null;
  /** Folder of each dependency's final weights, by dependency run key. */
  inputs: Record<string, string>;
  /** Why a checkpoint on record could not be used, for the log. */
  note: string | null;
}

/**
 * Where a claimed run starts. A run that ran before (daemon restart, a dead daemon, pause,
 * shutdown) and left a checkpoint continues from its latest one, and its points after that
 * checkpoint's epoch are dropped so its curves hold every epoch exactly once. Image runs write
 * checkpoints on a schedule, toy runs when asked to stop (pause, shutdown), measurements none.
 * Anything else, or a run whose checkpoint this host cannot see, starts from scratch with no points.
 */
export async function startPoint(db: Db, store: ArtifactStore, run: RunRow, dependsOn: Array<{ id: string; key: string }>): Promise<StartPoint> {
  const inputs: Record<string, string> = {};
  for (const dep of dependsOn) {
    const weights = (await artifactsOf(db, dep.id)).find((a) => a.name === "weights");
    if (weights) inputs[dep.key] = store.resolve(weights.path);
  }
  let note: string | null = null;
  const checkpoint = await latestCheckpoint(db, run.id);
  if (checkpoint && checkpoint.epoch > 0) {
    const dir = store.resolve(checkpoint.artifact.path);
    if (existsSync(path.join(dir, "meta.json"))) {
      await deleteMetricsAfter(db, run.id, checkpoint.epoch);
      await updateRun(db, run.id, { epoch: checkpoint.epoch });
      return { resumeFrom: { dir, epoch: checkpoint.epoch }, inputs, note };
    }
    note = `its checkpoint of epoch ${checkpoint.epoch} is not in this host's artifact store (${store.root}; share it between hosts with MINIMA_ARTIFACTS_DIR), so it starts from scratch`;
  }
  // From scratch: earlier points would be duplicates, earlier checkpoints stale resume points.
  await clearMetrics(db, run.id);
  await forgetCheckpoints(db, run.id);
  await updateRun(db, run.id, { epoch: 0 });
  return { resumeFrom: null, inputs, note };
}
