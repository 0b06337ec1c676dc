import { readdirSync, readFileSync } from "node:fs";

/** The processes whose parent is `parentPid`, with their command lines (Linux /proc: no ps needed). */
export function childrenOf(parentPid: number): Array<{ pid: number; args: string }> {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === parentPid ? [{ pid: Number(pid), args: readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ") }] : [];
      } catch {
        return [];
      }
    });
}

/** Pids of the run workers whose parent is `parentPid`. */
export function workerPidsOf(parentPid: number): number[] {
  return childrenOf(parentPid)
    .filter((child) => child.args.includes("worker-main"))
    .map((child) => child.pid);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
