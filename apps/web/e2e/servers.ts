import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface Stack {
  /** The daemon's own address: for the test's direct calls (scripts), never the browser's. */
  daemonUrl: string;
  /** The dashboard's origin, which also forwards /trpc and /artifacts/ to the daemon. */
  webUrl: string;
  token: string;
  /** Ends the daemon (kill -9 or SIGTERM) and starts a new one on the same data directory and port. */
  restartDaemon(signal: "SIGKILL" | "SIGTERM"): Promise<void>;
  stop(): Promise<void>;
}

function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A fresh data directory for a daemon; seed it (see seed.ts) before starting the stack on it. */
export const freshDataDir = () => mkdtempSync(path.join(tmpdir(), "minima-e2e-"));

export interface StackOptions {
  /** A data directory seeded beforehand (it is removed when the stack stops); default: a fresh one. */
  dataDir?: string;
  /** The admin token of a seeded data directory (the daemon prints one only on a fresh database). */
  token?: string;
  /** Runs the daemon trains at once (default 2; 0 trains nothing). */
  concurrency?: number;
  /** Where the dashboard listens (default 127.0.0.1). */
  webHost?: string;
  /** Serve the dashboard over HTTPS with these PEM files. */
  tls?: { certFile: string; keyFile: string };
  /** Next's development server instead of the build (`serve.mjs --dev`, what `pnpm --filter @minima/web dev` runs). */
  dev?: boolean;
}

/** A daemon process on `dataDir` and `port` (0: any free one), once it has printed its URL; its output so far. */
async function spawnDaemon(dataDir: string, port: number, concurrency: number): Promise<{ child: ChildProcess; url: string; output: string }> {
  const child = spawn(process.execPath, ["apps/daemon/bin/minima.mjs", "daemon", "--data-dir", dataDir, "--port", String(port), "--concurrency", String(concurrency)], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = /MINIMA_DAEMON_URL=(\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    child.once("exit", (code) => reject(new Error(`daemon exited with ${code}: ${output}`)));
  });
  return { child, url, output };
}

/** The dashboard's server (serve.mjs, as `npm start` runs it) forwarding to `daemonUrl`, once it listens. */
async function spawnDashboard(daemonUrl: string, host: string, port: number, tls: StackOptions["tls"], dev: boolean): Promise<ChildProcess> {
  const args = ["serve.mjs", "--host", host, "--port", String(port), ...(tls ? ["--tls-cert", tls.certFile, "--tls-key", tls.keyFile] : []), ...(dev ? ["--dev"] : [])];
  const child = spawn(process.execPath, args, {
    cwd: path.join(root, "apps/web"),
    env: { ...process.env, MINIMA_DAEMON_URL: daemonUrl, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The dashboard did not listen within 60 s: ${output}`)), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("dashboard listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The dashboard exited with ${code}: ${output}`));
    });
  });
  return child;
}

/**
 * A real daemon process on a fresh (or seeded) data directory and the built dashboard's own
 * server (serve.mjs, forwarding /trpc and /artifacts/ to the daemon) pointed at it, both on free ports.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!options.dev && !existsSync(path.join(root, "apps/web/.next/BUILD_ID"))) {
    throw new Error("The dashboard is not built: run `npm test` (or `pnpm --filter @minima/web build`) first.");
  }
  const dataDir = options.dataDir ?? freshDataDir();
  const concurrency = options.concurrency ?? 2;
  const first = await spawnDaemon(dataDir, 0, concurrency);
  let daemon = first.child;
  const { url: daemonUrl, output } = first;
  const token = options.token ?? /MINIMA_TOKEN=(\S+)/.exec(output)?.[1];
  if (!token) throw new Error(`The daemon printed no admin token (a seeded data directory must pass its own): ${output}`);
  const webHost = options.webHost ?? "127.0.0.1";
  const port = await freePort(webHost);
  const web = await spawnDashboard(daemonUrl, webHost, port, options.tls, options.dev ?? false).catch(async (error: unknown) => {
    await stopped(daemon);
    throw error;
  });
  const webUrl = `${options.tls ? "https" : "http"}://${webHost.includes(":") ? `[${webHost}]` : webHost}:${port}`;
  return {
    daemonUrl,
    webUrl,
    token,
    restartDaemon: async (signal) => {
      const port = new URL(daemonUrl).port;
      const gone = new Promise((resolve) => daemon.once("exit", resolve));
      daemon.kill(signal);
      await gone;
      daemon = (await spawnDaemon(dataDir, Number(port), concurrency)).child;
    },
    stop: async () => {
      await Promise.all([stopped(web), stopped(daemon)]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
