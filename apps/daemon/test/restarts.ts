import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { waitFor, type DaemonProcess } from "./harness.ts";
import { alive, workerPidsOf } from "./processes.ts";

/** A port nothing listens on now, for a daemon that must come back where its clients left it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Its exit code (null: killed by a signal), once it has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/**
 * Stops a spawned daemon with `signal` and waits until it and its run workers are gone (after a
 * kill -9 the orphaned workers notice by themselves), so the next daemon on its data directory
 * starts on a quiet disk. Returns the daemon's exit code.
 */
export async function stopDaemon(daemon: DaemonProcess, signal: "SIGTERM" | "SIGKILL"): Promise<number | null> {
  const workers = workerPidsOf(daemon.child.pid!);
  daemon.child.kill(signal);
  const code = await exited(daemon.child);
  await waitFor("the daemon's workers to stop", () => Promise.resolve(workers.every((pid) => !alive(pid))), 15_000);
  return code;
}
