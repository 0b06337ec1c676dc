import { createLogger, type Logger } from "../src/daemon/logger.ts";

/** A log record as the daemon writes it with --log-format json. */
export type LogRecord = Record<string, unknown> & { level: string; time: string; msg: string };

/** A logger that keeps its records (JSON format, `level` down to debug) for a test to assert on. */
export function captureLogs(level: "debug" | "info" | "warn" = "debug"): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = createLogger({ logFormat: "json", logLevel: level }, { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) });
  return { logger, records };
}

/** The JSON records among a daemon process's output lines (the plain MINIMA_… lines left out). */
export const logRecordsIn = (output: string): LogRecord[] =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogRecord);

/** Every string in a record, its error's message and stack included, for matching patterns against. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null) return String(value);
  return Object.values(value).map(textOf).join("\n");
}
