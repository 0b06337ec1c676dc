import type { CurveData, CurveMetric } from "./curve-data.ts";

export interface OverlaidRun {
  id: string;
  data: CurveData;
}

/** Several runs' curves on one epoch axis: the union of their epochs, a run's gaps null. */
export interface CurveOverlay {
  x: number[];
  /** Per run (in the order given), per metric, one value per x. */
  values: Map<string, Record<CurveMetric, (number | null)[]>>;
}

/** Lays several runs' curve data out on their common epoch axis, for one chart. */
export function overlayCurves(runs: readonly OverlaidRun[]): CurveOverlay {
  const x = [...new Set(runs.flatMap((r) => r.data.epochs))].sort((a, b) => a - b);
  const index = new Map(x.map((epoch, i) => [epoch, i]));
  const values = new Map<string, Record<CurveMetric, (number | null)[]>>();
  for (const run of runs) {
    const columns = Object.fromEntries(
      Object.entries(run.data.values).map(([metric, column]) => {
        const spread: (number | null)[] = x.map(() => null);
        run.data.epochs.forEach((epoch, i) => (spread[index.get(epoch)!] = column[i] ?? null));
        return [metric, spread];
      }),
    ) as Record<CurveMetric, (number | null)[]>;
    values.set(run.id, columns);
  }
  return { x, values };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** At most this many runs beside the page's own: more curves than colours are unreadable. */
export const MAX_COMPARED = 5;

/** The runs to compare from the `compare` URL parameter ("id1,id2"): valid ids, once, not the page's own run. */
export function parseCompare(param: string | null, ownId: string): string[] {
  const ids = (param ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => UUID.test(s) && s !== ownId);
  return [...new Set(ids)].slice(0, MAX_COMPARED);
}
