import { X_AXES, type XAxis } from "./curve-axis.ts";
import { clampSmoothing } from "./smoothing.ts";

/** As many runs as `runs.curves` returns in one call. */
export const MAX_COMPARE_RUNS = 20;
/** What the charts show until the user picks. */
export const DEFAULT_METRICS = ["acc", "loss"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Compare page's state, all of it in its URL so that a comparison can be shared as a link. */
export interface CompareView {
  runs: string[];
  /** Exponential-moving-average weight, 0 (none) to 0.99. */
  smoothing: number;
  x: XAxis;
  metrics: string[];
}

const list = (param: string | null) =>
  (param ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads `?runs=id,id&smooth=0.6&x=step&metrics=acc,loss`; anything invalid falls back to its default. */
export function parseCompareView(params: URLSearchParams): CompareView {
  const runs = [...new Set(list(params.get("runs")).map((s) => s.toLowerCase()).filter((s) => UUID.test(s)))].slice(0, MAX_COMPARE_RUNS);
  const x = params.get("x");
  const metrics = list(params.get("metrics")).filter((m) => /^[\w.-]{1,100}$/.test(m));
  return {
    runs,
    smoothing: clampSmoothing(Number(params.get("smooth") ?? 0)),
    x: (X_AXES as readonly string[]).includes(x ?? "") ? (x as XAxis) : "epoch",
    metrics: metrics.length > 0 ? [...new Set(metrics)] : DEFAULT_METRICS,
  };
}

/** The URL parameters of a view; a default is left out (null), so the address stays short. */
export function compareViewParams(view: CompareView): Record<string, string | null> {
  const defaultMetrics = view.metrics.join() === DEFAULT_METRICS.join();
  return {
    runs: view.runs.length > 0 ? view.runs.join(",") : null,
    smooth: view.smoothing > 0 ? String(view.smoothing) : null,
    x: view.x === "epoch" ? null : view.x,
    metrics: defaultMetrics ? null : view.metrics.join(","),
  };
}

/** The Compare page for some runs: where the run page and the runs table send a selection. */
export function compareHref(runIds: readonly string[]): string {
  return `/compare?runs=${runIds.slice(0, MAX_COMPARE_RUNS).join(",")}`;
}
