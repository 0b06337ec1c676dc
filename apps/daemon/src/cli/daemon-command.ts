import { configFromEnv } from "../daemon/config.ts";
import { startDaemon } from "../daemon/start-daemon.ts";

const stamp = () => new Date().toISOString().slice(11, 19);

/** `minima daemon`: runs until SIGINT/SIGTERM, then stops its workers and closes cleanly. */
export async function runDaemonCommand(flags: Record<string, string | undefined>): Promise<number> {
  const log = (message: string) => console.log(`${stamp()} ${message}`);
  let daemon;
  try {
    daemon = await startDaemon(configFromEnv(process.env, flags), log);
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
  });
}
