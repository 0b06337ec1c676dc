import type { ParseArgsConfig } from "node:util";

/** A `minima` subcommand: its flags, its help text, and what it runs. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** How many positional arguments it takes (e.g. a run id); without this, none. */
  positionals?: { min: number; max: number };
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

/** The daemon's settings, shared by every command that opens its data directory or database. */
export const DATA_OPTIONS = {
  "data-dir": { type: "string" },
  "database-url": { type: "string" },
} as const;

export const DATA_HELP = `  --data-dir DIR        Data directory: embedded database, artifacts [MINIMA_DATA_DIR, default ~/.minima]
  --database-url URL    PostgreSQL server instead of the embedded database [DATABASE_URL]`;

export function stringFlags(values: Record<string, string | boolean | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "string")) as Record<string, string | undefined>;
}
