import { imageRunConfig } from "@minima/core";
import { createExperiment, ensureAdmin, migrateDatabase, openDatabase, type Db } from "@minima/db";

/**
 * One miniature image run (the cpu profile's small CNN on the synthetic set, a checkpoint every
 * 5 epochs unless `checkpointEvery` says otherwise), queued straight into a database: a test
 * controls exactly which run trains.
 */
export async function queueImageRun(
  db: Db,
  ownerId: string,
  epochs: number,
  trainSubset = 256,
  checkpointEvery?: number,
): Promise<{ experimentId: string; runId: string }> {
  const profile = imageRunConfig({ profile: "cpu", dataset: "synthetic", phase: "train", mode: "vanilla", epochs, trainSubset, testSubset: 64, seed: 1 });
  const config = checkpointEvery === undefined ? profile : { ...profile, checkpointEvery };
  const { id, runIds } = await createExperiment(db, {
    ownerId,
    preset: "table2-ablation",
    title: "resume test",
    options: {},
    runs: [{ key: "random/vanilla/s1", title: "vanilla from random init", kind: "image", config, epochs, dependsOn: [] }],
  });
  return { experimentId: id, runId: runIds["random/vanilla/s1"]! };
}

/** Prepares a daemon's embedded database before the daemon starts: its admin token and one image run. */
export async function seedDataDir(dataDir: string, epochs: number, checkpointEvery?: number): Promise<{ token: string; runId: string; experimentId: string }> {
  const database = await openDatabase({ dataDir });
  try {
    await migrateDatabase(database);
    const admin = (await ensureAdmin(database.db))!;
    return { token: admin.token, ...(await queueImageRun(database.db, admin.user.id, epochs, 256, checkpointEvery)) };
  } finally {
    await database.close();
  }
}
