import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface LockHolder {
  pid: number;
  host: string;
  url: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Data directories locked by this process (a lock file naming our own pid is not proof). */
const heldHere = new Set<string>();

/**
 * One daemon per data directory: the embedded database and the artifact store are not safe to
 * share. A lock left by a daemon that died (kill -9, power loss) is taken over.
 */
export function lockDataDir(dataDir: string, url: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "daemon.lock");
  if (heldHere.has(file)) {
    throw new Error(`This process already runs a daemon on the data directory ${dataDir}; start the other one with another --data-dir.`);
  }
  const me: LockHolder = { pid: process.pid, host: os.hostname(), url, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: "wx" });
      heldHere.add(file);
      return {
        release: () => {
          heldHere.delete(file);
          try {
            const holder = JSON.parse(readFileSync(file, "utf8")) as LockHolder;
            if (holder.pid === process.pid) rmSync(file);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder: LockHolder | null = null;
      try {
        holder = JSON.parse(readFileSync(file, "utf8")) as LockHolder;
      } catch {
        // Unreadable: a daemon died while writing it.
      }
      if (holder && holder.host === os.hostname() && holder.pid !== process.pid && alive(holder.pid)) {
        throw new Error(
          `Another minima daemon (pid ${holder.pid}, ${holder.url}, since ${holder.startedAt}) holds the data directory ${dataDir}. ` +
            "Stop it first, or start this one with another --data-dir.",
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}.`);
}
