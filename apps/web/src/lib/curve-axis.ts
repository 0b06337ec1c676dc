import type { CurveRun } from "../trpc/router-types.ts";

/** What a compared curve's x axis counts. */
export const X_AXES = ["epoch", "step", "time", "fraction"] as const;
export type XAxis = (typeof X_AXES)[number];

export const X_AXIS_LABELS: Record<XAxis, string> = { epoch: "Epoch", step: "Step", time: "Wall time", fraction: "Fraction of training" };

/** One metric of one phase of a run, in columns ordered by epoch, as `runs.curves` returns it. */
export type CurveSeries = CurveRun["series"][number];

/** What places a run's points on an x axis: its series, when it started and how long it was planned to train. */
export interface RunTimeline {
  series: readonly CurveSeries[];
  startedAt: string | null;
  /** The epochs it was planned to train (all phases). */
  epochs: number;
}

/**
 * Each series' x values on `axis`, in the order of `run.series`. Epochs and steps count within a
 * phase, so phases follow one another in the order they first appear (as on the run page). Wall
 * time is in seconds from the run's start, or from its first point if the run started again
 * later (a resumed run's `startedAt` is its last attempt). A fraction is epochs over the planned
 * epochs, or over those drawn if a run went on longer.
 */
export function xValues(run: RunTimeline, axis: XAxis): number[][] {
  const phases = [...new Set(run.series.map((s) => s.phase))];
  const lastOf = (phase: string, column: "epoch" | "step") => Math.max(0, ...run.series.filter((s) => s.phase === phase).flatMap((s) => s[column]));
  const offsets = (column: "epoch" | "step") => {
    const map = new Map<string, number>();
    phases.reduce((offset, phase) => (map.set(phase, offset), offset + lastOf(phase, column)), 0);
    return map;
  };
  if (axis === "time") {
    const first = Math.min(...run.series.flatMap((s) => s.time));
    const started = run.startedAt ? Date.parse(run.startedAt) : Number.NaN;
    const origin = Number.isFinite(started) && started <= first ? started : first;
    return run.series.map((s) => s.time.map((t) => (t - origin) / 1000));
  }
  const column = axis === "step" ? "step" : "epoch";
  const offset = offsets(column);
  const shifted = run.series.map((s) => s[column].map((v) => v + offset.get(s.phase)!));
  if (axis !== "fraction") return shifted;
  const total = Math.max(run.epochs, ...shifted.flat());
  return shifted.map((xs) => xs.map((x) => (total > 0 ? x / total : 0)));
}

/** The unit a wall-time axis is drawn in, for the longest run shown: seconds, minutes or hours. */
export function timeUnit(maxSeconds: number): { label: string; seconds: number } {
  if (maxSeconds >= 2 * 3600) return { label: "h", seconds: 3600 };
  if (maxSeconds >= 2 * 60) return { label: "min", seconds: 60 };
  return { label: "s", seconds: 1 };
}
