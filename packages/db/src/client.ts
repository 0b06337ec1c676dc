import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { listenPostgres, type Listener } from "./notifications.ts";
import * as schema from "./schema/index.ts";

/** The one query interface both drivers share. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages (a path, or the server URL without its password). */
  location: string;
  /**
   * Subscribes to a notification channel (PostgreSQL LISTEN) on a server; null on PGlite, where
   * one process holds the database and an in-process event bus reaches everyone.
   */
  listen: ((channel: string, onPayload: (payload: string) => void, onProblem: (message: string) => void) => Promise<Listener>) | null;
  /** Sends a payload (under 8,000 bytes) to every listener of the channel, this process's included. */
  notify(channel: string, payload: string): Promise<void>;
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
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: dir,
    listen: null,
    notify: () => Promise.resolve(),
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
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    location,
    listen: (channel, onPayload, onProblem) => listenPostgres(url, channel, onPayload, onProblem),
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
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
