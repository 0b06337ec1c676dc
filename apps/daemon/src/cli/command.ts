import type { ParseArgsConfig } from "node:util";
import { settingOptions, settingsHelp } from "../daemon/settings.ts";

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
export const DATA_OPTIONS = settingOptions(["dataDir", "databaseUrl"]);

export const DATA_HELP = settingsHelp(["dataDir", "databaseUrl"]);

export function stringFlags(values: Record<string, string | boolean | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "string")) as Record<string, string | undefined>;
}
