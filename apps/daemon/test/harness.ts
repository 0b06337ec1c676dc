import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createMinimaClient, type MinimaClient } from "../src/client/index.ts";
import { configFromEnv } from "../src/daemon/config.ts";
import { silentLogger } from "../src/daemon/logger.ts";
import { startDaemon, type Daemon } from "../src/daemon/start-daemon.ts";

export interface TestDaemon {
  daemon: Daemon;
  dataDir: string;
  client: MinimaClient;
  token: string;
  stop(): Promise<void>;
}

/** A real daemon on a free port and a fresh data directory, with an admin client; `env` as its MINIMA_* environment. */
export async function startTestDaemon(flags: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<TestDaemon> {
  const dataDir = flags["data-dir"] ?? mkdtempSync(path.join(tmpdir(), "minima-daemon-test-"));
  const config = configFromEnv(env, { port: "0", concurrency: "2", ...flags, "data-dir": dataDir });
  const daemon = await startDaemon(config, silentLogger());
  const token = daemon.adminToken!;
  const client = createMinimaClient({ url: daemon.url, token });
  return {
    daemon,
    dataDir,
    client,
    token,
    stop: async () => {
      await client.close();
      await daemon.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const minimaBin = fileURLToPath(new URL("../bin/minima.mjs", import.meta.url));

export interface DaemonProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** What it printed on stdout alone: its log (JSON lines unless --log-format pretty) and the MINIMA_… lines. */
  stdout: () => string;
}

/** Starts `minima daemon` as its own process (port 0) and resolves once it listens. */
export function spawnDaemon(args: string[], env: NodeJS.ProcessEnv = {}): Promise<DaemonProcess> {
  // In a process group of its own, as a service manager starts it: `process.kill(-pid, signal)` reaches it and its workers.
  const child = spawn(process.execPath, [minimaBin, "daemon", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MINIMA_LOG_FORMAT: "json", ...env }, detached: true });
  let output = "";
  let stdout = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
      const url = /MINIMA_DAEMON_URL=(\S+)/.exec(output)?.[1];
      if (url) resolve({ child, url, output: () => output, stdout: () => stdout });
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`daemon exited with ${code}: ${output}`)));
  });
}
