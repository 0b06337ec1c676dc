import { setTimeout as sleep } from "node:timers/promises";
import type { MinimaClient } from "../client/index.ts";
import { progressLine, progressOf, type ExperimentRuns, type Progress } from "./progress.ts";

export interface WatchOptions {
  /** How often to poll the daemon; a line is printed when the progress changed. */
  intervalMs: number;
  /** A line is printed at least this often even when nothing changed. */
  heartbeatMs?: number;
  /** How long the daemon may stay unreachable (a restart) before watching gives up; 10 min. */
  patienceMs?: number;
  print: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Polls the experiments until none of their runs is queued or running, printing one line per
 * change (runs done/total overall and per experiment, an ETA) and, as soon as it is seen, one per
 * run that failed or was cancelled, with its error: hours into a reproduction, nobody should learn
 * that from the results' README. A poll that fails (the daemon restarting) is retried until
 * `patienceMs` passes without an answer. Returns the last progress.
 */
export async function watchRuns(api: MinimaClient["api"], experiments: ReadonlyArray<{ name: string; id: string }>, options: WatchOptions): Promise<Progress> {
  const heartbeatMs = options.heartbeatMs ?? 60_000;
  let lastLine = "";
  let lastPrinted = 0;
  let unreachableSince: number | null = null;
  const reportEnded = endedRunReporter(options.print);
  for (;;) {
    let states;
    try {
      states = await Promise.all(experiments.map(async ({ name, id }) => ({ name, runs: (await api.experiments.get.query({ id })).runs })));
      unreachableSince = null;
    } catch (error) {
      // The daemon answered with an error of its own (no such experiment, no access): no retry helps.
      if ((error as { data?: { code?: string } }).data?.code) throw error;
      const now = Date.now();
      if (unreachableSince === null) options.print(`cannot read progress (${error instanceof Error ? error.message : String(error)}); retrying`);
      unreachableSince ??= now;
      if (now - unreachableSince > (options.patienceMs ?? 600_000)) throw error;
      await sleep(options.intervalMs, undefined, { signal: options.signal });
      continue;
    }
    reportEnded(states);
    const progress = progressOf(states);
    const line = progressLine(progress);
    const settled = progress.active === 0;
    // The ETA moves every poll; compare the rest so a quiet minute prints nothing new.
    const gist = line.replace(/ETA [^·]*/, "");
    if (gist !== lastLine || Date.now() - lastPrinted >= heartbeatMs || settled) {
      options.print(line);
      lastLine = gist;
      lastPrinted = Date.now();
    }
    if (settled) return progress;
    await sleep(options.intervalMs, undefined, { signal: options.signal });
  }
}

const ENDED_WITHOUT_RESULT = new Set(["failed", "cancelled"]);

/**
 * Prints "<experiment>: run <key> failed: <first line of its error>" once per run that ended
 * without a result; a run queued again and failing again is printed again.
 */
function endedRunReporter(print: (line: string) => void): (states: readonly ExperimentRuns[]) => void {
  const reported = new Set<string>();
  return (states) => {
    for (const { name, runs } of states) {
      for (const run of runs) {
        const id = `${name}\u0000${run.key}`;
        if (!ENDED_WITHOUT_RESULT.has(run.status)) {
          reported.delete(id);
          continue;
        }
        if (reported.has(id)) continue;
        reported.add(id);
        const why = run.error?.split("\n")[0]?.trim();
        print(`${name}: run ${run.key} ${run.status}${why ? `: ${why}` : ""}`);
      }
    }
  };
}
