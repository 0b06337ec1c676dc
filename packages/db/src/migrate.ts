import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Database, Db } from "./client.ts";

const migrationsFolder = path.join(import.meta.dirname, "..", "drizzle");

/** Number of migrations this code knows, from drizzle-kit's journal. */
export function knownMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/**
 * Brings the schema up to date. Refuses, changing nothing, a database that a newer minima has
 * migrated further than this code knows.
 */
export async function migrateDatabase(database: Database): Promise<{ applied: number }> {
  const before = await appliedMigrations(database.db);
  const known = knownMigrations();
  if (before > known) {
    throw new Error(
      `The database at ${database.location} has ${before} schema migrations, but this minima knows only ${known}: ` +
        "it was created by a newer version. Upgrade minima (git pull && npm start) instead of downgrading the database.",
    );
  }
  // The two migrators take the same folder; they differ only in the driver they run on.
  if (database.kind === "pglite") await migratePglite(database.db as never, { migrationsFolder });
  else await migratePg(database.db as never, { migrationsFolder });
  return { applied: known - before };
}

/** How many of the migrations this code knows the database still lacks (0: up to date), for a readiness check. */
export async function pendingMigrations(db: Db): Promise<number> {
  return Math.max(0, knownMigrations() - (await appliedMigrations(db)));
}

async function appliedMigrations(db: Db): Promise<number> {
  const exists = await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!rowsOf<{ present: boolean }>(exists)[0]?.present) return 0;
  const count = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return rowsOf<{ n: number }>(count)[0]?.n ?? 0;
}

/** PGlite and node-postgres both return `{ rows }` from execute. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Ids as one uuid[] parameter (`= any(...)`): a thousand ids cost one bind, not a thousand. */
export const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;
