import type { RunStatus } from "@minima/metrics";

/** The fields of a run view that progress reads. */
export interface RunProgress {
  key: string;
  kind: string;
  status: RunStatus;
  epoch: number;
  epochs: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why it failed or was cancelled (the first line is what a person reads). */
  error?: string | null;
  /** Queued to take the results of a twin that runs or is queued before it: it will train nothing. */
  awaitsTwin?: boolean;
}

export interface ExperimentRuns {
  name: string;
  runs: readonly RunProgress[];
}

export interface Progress {
  experiments: Array<{ name: string; succeeded: number; total: number; failed: number; running: number }>;
  succeeded: number;
  total: number;
  failed: number;
  running: number;
  /** Runs queued or running: the watch is over when none is left. */
  active: number;
  /** Runs that will not move without someone: failed, cancelled, blocked, paused. */
  stuck: number;
  /** Seconds until every unfinished run is done at the pace of the finished ones; null before any finished. */
  etaS: number | null;
}

const ACTIVE: ReadonlySet<RunStatus> = new Set(["queued", "running"]);

/** Pre-training, training and measurement epochs cost differently: each has its own pace. */
const phaseOf = (run: RunProgress) => `${run.kind}|${/(^|\/)pretrain\//.test(run.key) ? "pretrain" : "train"}`;

/**
 * Seconds per epoch from the runs that succeeded: per (experiment, kind, phase), per (kind,
 * phase), and per kind, the coarser ones standing in until a finer one has a finished run; for a
 * kind nothing of has finished yet, the mean seconds per run of any kind.
 */
function paces(experiments: readonly ExperimentRuns[]): { exact: Map<string, number>; byPhase: Map<string, number>; byKind: Map<string, number>; perRun: number | null } {
  const sum = (map: Map<string, [number, number]>, key: string, s: number, e: number) => {
    const [ts, te] = map.get(key) ?? [0, 0];
    map.set(key, [ts + s, te + e]);
  };
  const exact = new Map<string, [number, number]>();
  const byPhase = new Map<string, [number, number]>();
  const byKind = new Map<string, [number, number]>();
  let runSeconds = 0;
  let finished = 0;
  for (const { name, runs } of experiments) {
    for (const run of runs) {
      if (run.status !== "succeeded" || !run.startedAt || !run.finishedAt) continue;
      const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
      // A pre-training that met its stopping rule early ran `epoch` epochs, not `epochs`.
      const epochs = Math.max(1, run.epoch || run.epochs);
      sum(exact, `${name}|${phaseOf(run)}`, seconds, epochs);
      sum(byPhase, phaseOf(run), seconds, epochs);
      sum(byKind, run.kind, seconds, epochs);
      runSeconds += seconds;
      finished++;
    }
  }
  const rate = (map: Map<string, [number, number]>) => new Map([...map].map(([k, [s, e]]) => [k, s / e]));
  return { exact: rate(exact), byPhase: rate(byPhase), byKind: rate(byKind), perRun: finished ? runSeconds / finished : null };
}

/** Where the profile's runs stand, and an ETA from the pace of the finished ones (a run that will take a twin's results counts no time). */
export function progressOf(experiments: readonly ExperimentRuns[]): Progress {
  const pace = paces(experiments);
  let remainingS = 0;
  let unknown = false;
  let running = 0;
  const rows = experiments.map(({ name, runs }) => {
    const count = (s: RunStatus) => runs.filter((r) => r.status === s).length;
    for (const run of runs) {
      if (!ACTIVE.has(run.status) || run.awaitsTwin) continue;
      const left = Math.max(0, run.epochs - (run.status === "running" ? run.epoch : 0));
      const rate = pace.exact.get(`${name}|${phaseOf(run)}`) ?? pace.byPhase.get(phaseOf(run)) ?? pace.byKind.get(run.kind);
      if (rate !== undefined) remainingS += rate * left;
      else if (pace.perRun !== null) remainingS += (pace.perRun * left) / Math.max(1, run.epochs);
      else unknown = true;
    }
    running += count("running");
    return { name, succeeded: count("succeeded"), total: runs.length, failed: count("failed"), running: count("running") };
  });
  const all = experiments.flatMap((e) => e.runs);
  const active = all.filter((r) => ACTIVE.has(r.status)).length;
  const succeeded = rows.reduce((a, r) => a + r.succeeded, 0);
  return {
    experiments: rows,
    succeeded,
    total: all.length,
    failed: rows.reduce((a, r) => a + r.failed, 0),
    running,
    active,
    stuck: all.length - succeeded - active,
    // Runs share the daemon's workers: as many run at once as run now.
    etaS: active === 0 ? 0 : unknown ? null : remainingS / Math.max(1, running),
  };
}

/** "2 h 05 min", "4 min 10 s", "12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** One line of progress: overall, the ETA, then each experiment. */
export function progressLine(p: Progress): string {
  const extra = [p.running ? `${p.running} running` : "", p.failed ? `${p.failed} failed` : "", p.stuck - p.failed > 0 ? `${p.stuck - p.failed} blocked/paused/cancelled` : ""].filter(Boolean);
  const eta = p.etaS === null ? "ETA after the first run finishes" : `ETA ${formatDuration(p.etaS)}`;
  const each = p.experiments.map((e) => `${e.name} ${e.succeeded}/${e.total}`).join(" · ");
  return `runs ${p.succeeded}/${p.total} done${extra.length ? ` (${extra.join(", ")})` : ""} · ${eta} · ${each}`;
}
