"use client";

import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { compareRunLabel, type ComparedRun } from "../../lib/compare-lines.ts";
import { MAX_COMPARE_RUNS } from "../../lib/compare-params.ts";
import type { CurveRun } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { CompareCharts } from "./compare-charts.tsx";
import { ComparedRuns, type ChosenRun } from "./compared-runs.tsx";
import { RunSearch } from "./run-search.tsx";
import { SettingsTable } from "./settings-table.tsx";
import { useCompareView } from "./use-compare-view.ts";

// Module-level, so useQueries hands back the same (structurally shared) arrays until a query changes.
const dataAndErrors = (results: { data: { runs: CurveRun[]; missing: string[] } | undefined; error: { message: string } | null }[]) =>
  results.map((r) => ({ run: r.data?.runs[0] ?? null, missing: (r.data?.missing.length ?? 0) > 0, error: r.error?.message ?? null }));

/**
 * Any runs side by side, found by search across experiments: their curves on one chart per
 * metric (smoothed, on the x axis picked), their settings and final metrics with the
 * differences marked, and their curves to download. Everything chosen is in the URL.
 */
export function CompareView() {
  const trpc = useTRPC();
  const [view, update] = useCompareView();
  // A query per run, so adding one run loads that run only.
  const results = useQueries({ queries: view.runs.map((id) => trpc.runs.curves.queryOptions({ runIds: [id] })), combine: dataAndErrors });
  const chosen = useMemo(
    (): ChosenRun[] =>
      view.runs.map((id, i) => {
        const result = results[i];
        const run = result?.run ?? null;
        const error = result?.missing ? "no such run" : (result?.error ?? null);
        return { id, run, error, label: run ? compareRunLabel(run) : id.slice(0, 8) };
      }),
    [view.runs, results],
  );
  // Colours follow a run's place among those chosen, loaded or not, so they never shift as runs load.
  const columns = useMemo(() => chosen.flatMap((c, index) => (c.run ? [{ run: c.run, label: c.label, index }] : [])), [chosen]);
  const compared = useMemo(
    (): ComparedRun[] => columns.map(({ run, label, index }) => ({ id: run.id, label, index, series: run.series, startedAt: run.startedAt, epochs: run.epochs })),
    [columns],
  );

  return (
    <div className="compare-page">
      <header className="page-header">
        <h1>Compare runs</h1>
        <span className="meta">any runs of any experiments, up to {MAX_COMPARE_RUNS}</span>
      </header>
      <RunSearch chosen={view.runs} onAdd={(id) => update({ runs: [...view.runs, id] })} />
      {view.runs.length === 0 ? (
        <p className="page-status">Search for runs above and add them, or select runs in a runs table and press Compare.</p>
      ) : (
        <>
          <ComparedRuns chosen={chosen} onRemove={(id) => update({ runs: view.runs.filter((r) => r !== id) })} />
          {compared.length > 0 && <CompareCharts runs={compared} view={view} onChange={update} />}
          {columns.length > 0 && <SettingsTable columns={columns} />}
        </>
      )}
    </div>
  );
}
