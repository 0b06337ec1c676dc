import type { ParseArgsConfig } from "node:util";
import { DAEMON_SETTINGS, settingOptions, settingsHelp } from "../daemon/settings.ts";

/** A `minima` subcommand: its flags, its help text, and what it runs (its one-line summary is in main.ts's list). */
export interface Command {
  name: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** How many positional arguments it takes (e.g. a run id); without this, none. */
  positionals?: { min: number; max: number };
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

/** The daemon's settings, shared by every command that opens its data directory or database. */
const DATA_SETTINGS = [DAEMON_SETTINGS.dataDir, DAEMON_SETTINGS.databaseUrl];

export const DATA_OPTIONS = settingOptions(DATA_SETTINGS);

export const DATA_HELP = settingsHelp(DATA_SETTINGS);

export function stringFlags(values: Record<string, string | boolean | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "string")) as Record<string, string | undefined>;
}
