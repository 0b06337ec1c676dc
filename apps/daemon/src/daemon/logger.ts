import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { prettyFactory } from "pino-pretty";
import type { DaemonConfig } from "./config.ts";

export type { Logger } from "pino";

export type LogSettings = Pick<DaemonConfig, "logFormat" | "logLevel">;

/**
 * The daemon's logger. "json": one object a line (`level` as its name, `time` in ISO 8601, `msg`
 * and the record's fields) for a log collector. "pretty": the same records laid out for a
 * terminal. Either way written synchronously, in order with the plain lines the daemon command
 * prints on the same stdout (`MINIMA_DAEMON_URL=…`), and never lost when the process exits.
 */
export function createLogger(settings: LogSettings, destination: DestinationStream = process.stdout): Logger {
  const options: LoggerOptions = { level: settings.logLevel, base: null };
  if (settings.logFormat === "json") {
    return pino({ ...options, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, destination);
  }
  // pino-pretty's own stream formats on a later tick, and its worker transport in another thread:
  // its formatter, called on each line as it is written, keeps the order and loses nothing.
  const pretty = prettyFactory({
    colorize: "isTTY" in destination && destination.isTTY === true,
    translateTime: "SYS:HH:MM:ss.l",
    singleLine: true,
  });
  return pino(options, { write: (line: string) => void destination.write(pretty(line)) });
}

/** A logger that writes nothing: for tests, and for a daemon embedded in a command without --verbose. */
export const silentLogger = (): Logger => pino({ level: "silent" });

/** The daemon's logger as a `(message) => void`, for the packages that take one (@minima/db). */
export const logLinesTo =
  (logger: Logger, level: "info" | "warn" | "error") =>
  (message: string): void =>
    logger[level](message);
