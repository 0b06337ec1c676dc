import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PrivatePostgres {
  /** Connection string of its `postgres` database (user and password `minima`). */
  url: string;
  /** Stops the server the way an administrator's restart does: fast shutdown, every session cut. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops the server and removes its files. */
  dispose(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own, for tests that stop or restart it: the shared server of
 * MINIMA_TEST_DATABASE_URL must never be restarted under the other tests. Null when no server
 * binaries are installed (/usr/lib/postgresql/<version>/bin). As root, the server runs as the
 * `postgres` user, which initdb requires.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres | null> {
  const bin = postgresBin();
  if (!bin) return null;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "minima-private-pg-"));
  const data = path.join(dir, "data");
  const pg = (command: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args]) : run(path.join(bin, command), args);
  writeFileSync(path.join(dir, "pw"), "minima\n");
  if (asRoot) await run("chown", ["postgres", dir, path.join(dir, "pw")]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => pg("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", options, "start"]);
  const stop = () => pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  try {
    await pg("initdb", ["-D", data, "-U", "minima", "--pwfile", path.join(dir, "pw"), "-A", "scram-sha-256"]);
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://minima:minima@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await stop();
    },
    start: async () => {
      await start();
    },
    dispose: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBin(): string | null {
  if (!existsSync("/usr/lib/postgresql")) return null;
  const version = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a))[0];
  const bin = version && path.join("/usr/lib/postgresql", version, "bin");
  return bin && existsSync(path.join(bin, "initdb")) ? bin : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}
