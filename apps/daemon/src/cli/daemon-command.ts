import { configFromEnv } from "../daemon/config.ts";
import { startDaemon } from "../daemon/start-daemon.ts";
import { DATA_HELP, DATA_OPTIONS, stringFlags, type Command } from "./command.ts";

const stamp = () => new Date().toISOString().slice(11, 19);

export const daemonCommand: Command = {
  name: "daemon",
  summary: "Start the daemon: API on HTTP + WebSocket, run queue, workers.",
  usage: `Usage: minima daemon [options]   (environment variable in brackets)

${DATA_HELP}
  --host HOST           Interface to listen on [MINIMA_HOST, default 127.0.0.1]
  --port PORT           Port of the API [MINIMA_PORT, default 4000]
  --concurrency N       Runs at once on this host [MINIMA_CONCURRENCY, default what fits on
                        the GPUs (a GPU a run, or shared by the runs' memory estimates, at
                        most 8 a GPU), else cores/2]; 0 serves the API and trains nothing
  --cors-origin ORIGIN  Browser origin allowed to call the API [MINIMA_CORS_ORIGIN, default *]

Several hosts on one PostgreSQL (--database-url), environment only:
  MINIMA_ARTIFACTS_DIR              Checkpoint store every host sees [<data-dir>/artifacts]
  MINIMA_HEARTBEAT_SECONDS          How often this daemon says it is alive [5]
  MINIMA_HEARTBEAT_TIMEOUT_SECONDS  Silence after which another daemon takes its runs [30]
  MINIMA_SHUTDOWN_GRACE_SECONDS     On SIGTERM, how long runs may train on to a checkpoint [60]

GPUs: CUDA_VISIBLE_DEVICES chooses them [all nvidia-smi lists]; each worker sees only its own.
  MINIMA_GPU_MEMORY_GB              Each GPU's memory where the driver cannot report it`,
  options: {
    ...DATA_OPTIONS,
    host: { type: "string" },
    port: { type: "string" },
    concurrency: { type: "string" },
    "cors-origin": { type: "string" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    "insecure-http": { type: "boolean" },
    "log-format": { type: "string" },
    "log-level": { type: "string" },
  },
  /** Runs until SIGINT/SIGTERM, then stops its workers and closes cleanly. */
  run: async (values) => {
    const log = (message: string) => console.log(`${stamp()} ${message}`);
    let daemon;
    try {
      daemon = await startDaemon(configFromEnv(process.env, { ...stringFlags(values), "insecure-http": values["insecure-http"] === true ? "true" : undefined }), log);
    } catch (error) {
      console.error(`minima daemon: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    if (daemon.adminToken) {
      console.log(`\nFirst start: created the user "admin". Its token, shown only this once (only a hash is stored):\n\n  MINIMA_TOKEN=${daemon.adminToken}\n`);
    }
    console.log(`MINIMA_DAEMON_URL=${daemon.url}`);
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log(`${signal}: stopping workers and closing connections…`);
        daemon.stop().then(
          () => resolve(0),
          (error: unknown) => {
            console.error(`minima daemon: stopping failed: ${String(error)}`);
            resolve(1);
          },
        );
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
      // Under `npm start` (MINIMA_PARENT_PID) the daemon stops with the process that started it, as
      // on SIGTERM, so a killed `npm start` leaves nothing behind; its log may then go nowhere.
      const parent = Number(process.env.MINIMA_PARENT_PID);
      if (parent) {
        process.stdout.on("error", () => undefined);
        setInterval(() => process.ppid !== parent && stop("the npm start that started it is gone"), 1000).unref();
      }
    });
  },
};
