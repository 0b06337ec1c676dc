/** "45 / 1,000 epochs" and the fraction done, for progress bars. */
export function progress(epoch: number, epochs: number): { label: string; fraction: number } {
  const fraction = epochs > 0 ? Math.min(1, Math.max(0, epoch / epochs)) : 0;
  return { label: `${epoch.toLocaleString("en-US")} / ${epochs.toLocaleString("en-US")} epochs`, fraction };
}

/** A compact duration: "42 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** What a run's clock reads from: its time running before this attempt, and when this attempt started. */
export interface RunClock {
  status: string;
  startedAt: string | null;
  activeMs: number;
}

/** Milliseconds a run has spent running (given `now`): paused and queued time do not count. */
export function activeTime(run: RunClock, now: number): number {
  const current = run.status === "running" && run.startedAt ? Math.max(0, now - Date.parse(run.startedAt)) : 0;
  return run.activeMs + current;
}

/** How long a run took, or has been running for (given `now`); null before it ever started. */
export function runDuration(run: RunClock, now: number): string | null {
  if (!run.startedAt && run.activeMs === 0) return null;
  return formatDuration(activeTime(run, now));
}

// One formatter for every timestamp: `Date.toLocaleString` with options builds a new one per call
// (about 0.1 ms each, a tenth of a long runs table's render).
const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** An ISO timestamp as local date and time, to the minute. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return timeFormat.format(date);
}

/** A run's name with its key, "(b) random labels", without repeating a key the title has. */
export function runLabel(run: { key: string; title: string; name?: string | null }): string {
  const prefix = `(${run.key})`;
  const label = run.name ?? run.title;
  return label.startsWith(prefix) ? label : `${prefix} ${label}`;
}

/** What an experiment is called: its owner's name for it, else its (preset's) title. */
export const experimentLabel = (experiment: { title: string; name?: string | null }): string => experiment.name ?? experiment.title;
