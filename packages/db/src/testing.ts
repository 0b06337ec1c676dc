import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "./client.ts";
import { migrateDatabase } from "./migrate.ts";

/**
 * The database engines a test suite runs against: embedded PGlite always, and a real PostgreSQL
 * server when MINIMA_TEST_DATABASE_URL names one (CI starts Debian's). Under CI a missing server
 * is an error, so the PostgreSQL half can never be skipped silently.
 */
export function testEngines(): Array<"pglite" | "postgres"> {
  if (process.env.MINIMA_TEST_DATABASE_URL) return ["pglite", "postgres"];
  if (process.env.CI) throw new Error("CI must set MINIMA_TEST_DATABASE_URL to a PostgreSQL server (see .ci/run).");
  console.warn("# MINIMA_TEST_DATABASE_URL is not set: PostgreSQL tests skipped, PGlite only.");
  return ["pglite"];
}

export interface TestDatabase {
  database: Database;
  /** What a second process would pass to reach the same database. */
  url: string | undefined;
  dataDir: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated database of the given engine, removed by dispose(). */
export async function createTestDatabase(engine: "pglite" | "postgres"): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-db-test-"));
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (engine === "postgres") {
    const adminUrl = process.env.MINIMA_TEST_DATABASE_URL!;
    const name = `minima_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const database = await openDatabase({ url, dataDir });
  await migrateDatabase(database);
  return {
    database,
    url,
    dataDir,
    dispose: async () => {
      await database.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { startPrivatePostgres, type PrivatePostgres } from "./testing-postgres.ts";
