// The dashboard never touches the database; seeding a daemon's data directory before it starts is
// the one place a test (or the benchmark) does, to have thousands of runs without training them.
import { createExperiment, createUser, ensureAdmin, issueToken, migrateDatabase, openDatabase, type PlannedRun, type Role } from "../../../packages/db/src/index.ts";

/** The statuses seeded runs cycle through: none of them is ever claimed, so the daemon leaves them be. */
export const SEEDED_STATUSES = ["succeeded", "failed", "cancelled", "paused", "blocked"] as const;

export interface SeededExperiment {
  owner: string;
  preset: string;
  title: string;
  runs: number;
}

export interface Seeded {
  adminToken: string;
  /** A token per user named in `users`. */
  tokens: Record<string, string>;
  experiments: (SeededExperiment & { id: string; runIds: string[] })[];
}

/** The n-th seeded run (from 0): its key, title and phase follow from n, and so does its status. */
export function seededRun(n: number): PlannedRun {
  const seed = (n % 5) + 1;
  const title =
    n % 7 === 0 ? `Algorithm 1 pre-training, seed ${seed}` : n % 11 === 0 ? `distances of small-cnn on synthetic, seed ${seed}` : `vanilla from random init, seed ${seed} #${n}`;
  return { key: `r-${String(n).padStart(5, "0")}`, title, kind: n % 11 === 0 && n % 7 !== 0 ? "measure" : "image", config: { seeded: true }, epochs: 20, dependsOn: [] };
}

/**
 * A fresh data directory's database with users, experiments and their runs, as a daemon would
 * find it on start. Run n of an experiment has status SEEDED_STATUSES[n % 5] and progress to match.
 */
export async function seedDatabase(dataDir: string, users: Record<string, Role>, experiments: SeededExperiment[]): Promise<Seeded> {
  const database = await openDatabase({ dataDir });
  try {
    await migrateDatabase(database);
    const admin = await ensureAdmin(database.db);
    if (!admin) throw new Error(`The database in ${dataDir} is not fresh: it already has users.`);
    const ids: Record<string, string> = { admin: admin.user.id };
    const tokens: Record<string, string> = {};
    for (const [name, role] of Object.entries(users)) {
      const user = await createUser(database.db, name, role);
      if (!user) throw new Error(`Could not create the user ${name}.`);
      ids[name] = user.id;
      tokens[name] = await issueToken(database.db, user.id, "e2e");
    }
    const created: Seeded["experiments"] = [];
    for (const experiment of experiments) {
      const ownerId = ids[experiment.owner];
      if (!ownerId) throw new Error(`Seed the owner ${experiment.owner} among the users first.`);
      const runs = Array.from({ length: experiment.runs }, (_, n) => seededRun(n));
      const { id, runIds } = await createExperiment(database.db, { ownerId, preset: experiment.preset, title: experiment.title, options: {}, runs });
      await database.db.execute(`
        update runs set
          status = (array['succeeded','failed','cancelled','paused','blocked'])[1 + split_part(key, '-', 2)::int % 5],
          epoch = case split_part(key, '-', 2)::int % 5 when 0 then epochs when 4 then 0 else split_part(key, '-', 2)::int % epochs end,
          backend = case split_part(key, '-', 2)::int % 5 when 4 then null else 'tensorflow' end,
          error = case split_part(key, '-', 2)::int % 5 when 1 then 'seeded failure' when 4 then 'blocked: seeded' else null end,
          started_at = case split_part(key, '-', 2)::int % 5 when 4 then null else created_at end,
          finished_at = case split_part(key, '-', 2)::int % 5 when 0 then created_at + interval '1 minute' when 1 then created_at + interval '1 minute' when 2 then created_at + interval '1 minute' else null end,
          attempt = case split_part(key, '-', 2)::int % 5 when 4 then 0 else 1 end
        where experiment_id = '${id}'`);
      created.push({ ...experiment, id, runIds: runs.map((r) => runIds[r.key]!) });
    }
    return { adminToken: admin.token, tokens, experiments: created };
  } finally {
    await database.close();
  }
}
