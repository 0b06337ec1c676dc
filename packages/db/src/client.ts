import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import * as schema from "./schema/index.ts";

/** The one query interface both drivers share. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages (a path, or the server URL without its password). */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; when absent, an embedded PGlite database is used. */
  url?: string | undefined;
  /** Folder of the embedded database (its `db/` subfolder holds the files). */
  dataDir: string;
}

/** Opens (but does not migrate) the database: PostgreSQL when a URL is given, else PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  const dir = path.join(options.dataDir, "db");
  mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    location: dir,
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const location = redact(url);
  try {
    const connection = await pool.connect();
    connection.release();
  } catch (error) {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL at ${location}: ${(error as Error).message}. Check DATABASE_URL and that the server is running.`);
  }
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    kind: "postgres",
    location,
    close: () => pool.end(),
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
