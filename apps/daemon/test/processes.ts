import { readdirSync, readFileSync } from "node:fs";

/** Pids of the run workers whose parent is `parentPid` (Linux /proc). */
export function workerPidsOf(parentPid: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === parentPid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("worker-main");
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
