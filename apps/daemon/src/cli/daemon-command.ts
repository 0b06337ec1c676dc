import { configFromEnv } from "../daemon/config.ts";
import { createLogger, type Logger } from "../daemon/logger.ts";
import { startDaemon } from "../daemon/start-daemon.ts";
import { settingOptions, settingsHelp } from "../daemon/settings.ts";
import type { Command } from "./command.ts";

export const daemonCommand: Command = {
  name: "daemon",
  usage: `Usage: minima daemon [options]   (environment variable and default in brackets; a flag wins)

${settingsHelp()}

GPUs: CUDA_VISIBLE_DEVICES chooses them [all nvidia-smi lists]; each worker sees only its own.`,
  options: settingOptions(),
  /** Runs until SIGINT/SIGTERM, then stops its workers and closes cleanly. */
  run: async (values) => {
    let daemon;
    let logger: Logger;
    try {
      const config = configFromEnv(process.env, values);
      logger = createLogger(config);
      daemon = await startDaemon(config, logger);
    } catch (error) {
      console.error(`minima daemon: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (reason: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ reason }, `${reason}: stopping workers and closing connections…`);
        daemon.stop().then(
          () => {
            logger.info("stopped");
            resolve(0);
          },
          (err: unknown) => {
            logger.error({ err }, "stopping failed");
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
      // Plain lines, not log records, whatever the log's format: for the operator and the scripts that
      // start a daemon (`npm start`) to read, once a SIGTERM would stop it cleanly. No record holds the token.
      if (daemon.adminToken) {
        logger.info('first start: created the user "admin"; its token, on the MINIMA_TOKEN line, is shown only this once (only a hash is stored)');
        console.log(`MINIMA_TOKEN=${daemon.adminToken}`);
      }
      console.log(`MINIMA_DAEMON_URL=${daemon.url}`);
    });
  },
};
