import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface Stack {
  daemonUrl: string;
  webUrl: string;
  token: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
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
}

/**
 * A real daemon process on a fresh (or seeded) data directory and the built dashboard
 * (`next start`) pointed at it, both on free ports.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!existsSync(path.join(root, "apps/web/.next/BUILD_ID"))) {
    throw new Error("The dashboard is not built: run `npm test` (or `pnpm --filter @minima/web build`) first.");
  }
  const dataDir = options.dataDir ?? freshDataDir();
  const daemon = spawn(process.execPath, ["apps/daemon/bin/minima.mjs", "daemon", "--data-dir", dataDir, "--port", "0", "--concurrency", "2"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const daemonUrl = await new Promise<string>((resolve, reject) => {
    daemon.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /MINIMA_DAEMON_URL=(\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    daemon.once("exit", (code) => reject(new Error(`daemon exited with ${code}: ${output}`)));
  });
  const token = options.token ?? /MINIMA_TOKEN=(\S+)/.exec(output)?.[1];
  if (!token) throw new Error(`The daemon printed no admin token (a seeded data directory must pass its own): ${output}`);
  const port = await freePort();
  const nextBin = path.join(root, "apps/web/node_modules/next/dist/bin/next");
  const web = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: path.join(root, "apps/web"),
    env: { ...process.env, MINIMA_DAEMON_URL: daemonUrl, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const webUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${webUrl}/sign-in`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error("The dashboard did not answer within 60 s.");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    daemonUrl,
    webUrl,
    token,
    stop: async () => {
      await Promise.all([stopped(web), stopped(daemon)]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
