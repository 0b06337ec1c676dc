import { parseArgs } from "node:util";
import { runDaemonCommand } from "./daemon-command.ts";
import { runDoctor } from "./doctor.ts";
import { runTokenCommand } from "./token-command.ts";

const HELP = `minima — run and read the experiments of "Bad Global Minima Exist and SGD Can Reach Them"

Usage: minima <command> [options]

Commands:
  daemon            Start the daemon: API on HTTP + WebSocket, run queue, workers.
  doctor            Print the training engine, versions, GPU and data-directory facts.
  token             Issue a new token for a user (--user NAME, default admin); with the
                    embedded database, stop the daemon first.
  help              Show this help.

Daemon options (environment variable in brackets):
  --data-dir DIR        Data directory: embedded database, artifacts [MINIMA_DATA_DIR, default ~/.minima]
  --host HOST           Interface to listen on [MINIMA_HOST, default 127.0.0.1]
  --port PORT           Port of the API [MINIMA_PORT, default 4000]
  --database-url URL    PostgreSQL server instead of the embedded database [DATABASE_URL]
  --concurrency N       Runs at once on this host [MINIMA_CONCURRENCY, default cores/2]
  --cors-origin ORIGIN  Browser origin allowed to call the API [MINIMA_CORS_ORIGIN, default *]

Doctor options:
  --json                Machine-readable output.
  --data-dir DIR        The data directory to inspect.
`;

/** Runs one CLI command and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command = "help", ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        "data-dir": { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        "database-url": { type: "string" },
        concurrency: { type: "string" },
        "cors-origin": { type: "string" },
        json: { type: "boolean" },
        user: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    console.error(`minima ${command}: ${(error as Error).message}. See \`minima help\`.`);
    return 2;
  }
  const { json, user, ...flags } = parsed.values;
  switch (command) {
    case "daemon":
    case "start":
      return runDaemonCommand(flags);
    case "token":
      return runTokenCommand(flags, user ?? "admin");
    case "doctor":
      return runDoctor(flags, json ?? false);
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return 0;
    default:
      console.error(`minima: unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}
