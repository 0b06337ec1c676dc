"use client";

import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { curveData, type CurveData } from "../../lib/curve-data.ts";
import { runLabel } from "../../lib/format.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";

export interface ComparedCurves {
  id: string;
  label: string;
  data: CurveData | null;
  error: string | null;
}

// Module-level, so useQueries hands back the same (structurally shared) arrays until a query changes.
const dataAndErrors = <T,>(results: { data: T | undefined; error: { message: string } | null }[]) =>
  results.map((r) => ({ data: r.data, error: r.error?.message ?? null }));

/** The curves of the runs picked for comparison, with each run's name; loaded once (not live). */
export function useComparedCurves(ids: readonly string[]): ComparedCurves[] {
  const trpc = useTRPC();
  const metrics = useQueries({ queries: ids.map((id) => trpc.runs.metrics.queryOptions({ id })), combine: dataAndErrors });
  const runs = useQueries({ queries: ids.map((id) => trpc.runs.get.queryOptions({ id })), combine: dataAndErrors });
  const idsKey = ids.join();
  return useMemo(
    () =>
      idsKey
        .split(",")
        .filter(Boolean)
        .map((id, i) => {
          const run = runs[i]?.data;
          const rows = metrics[i]?.data;
          return {
            id,
            label: run ? runLabel(run) : id.slice(0, 8),
            data: rows ? curveData(rows) : null,
            error: metrics[i]?.error ?? runs[i]?.error ?? null,
          };
        }),
    [idsKey, metrics, runs],
  );
}
