"use client";

import { useMemo, useState } from "react";
import { curveData, type CurveMetric } from "../../lib/curve-data.ts";
import { overlayCurves } from "../../lib/curve-overlay.ts";
import { colorAt } from "../figures/palette.ts";
import { QueryStatus } from "../query-status.tsx";
import type { ComparedCurves } from "./use-compared-curves.ts";
import { UPlotChart, type ChartSeries } from "./uplot-chart.tsx";
import { useLiveMetrics } from "./use-live-metrics.ts";

const ACCURACY_RANGE: [number, number] = [0, 1];
const TRAIN_DASH = [6, 4];
const percent = (v: number) => `${Math.round(v * 100)}%`;

interface Props {
  runId: string;
  /** Other runs drawn beside this one (their test curves solid, train curves dashed). */
  compared: readonly ComparedCurves[];
}

/** Accuracy and loss over epochs, loaded once and then grown by the live subscription. */
export function LiveCurve({ runId, compared }: Props) {
  const { rows, initial, live } = useLiveMetrics(runId);
  const [logLoss, setLogLoss] = useState(false);
  const own = useMemo(() => curveData(rows), [rows]);
  const { x, accuracy, loss } = useMemo(() => chartSeries(runId, own, compared), [runId, own, compared]);

  return (
    <section className="card">
      <header className="card-header">
        <h2>
          Curves <span className="meta">{live.status === "pending" ? "· live" : live.status === "error" ? "· live updates failed" : ""}</span>
        </h2>
        <label className="inline-toggle">
          <input type="checkbox" checked={logLoss} onChange={(e) => setLogLoss(e.target.checked)} /> Log-scale loss
        </label>
      </header>
      {!initial.data && <QueryStatus query={initial} what="metrics" />}
      {live.error && <p className="error small">Live updates: {live.error.message}</p>}
      {initial.data && own.epochs.length === 0 && <p className="page-status">No epochs reported yet.</p>}
      {compared.map((c) =>
        c.error ? (
          <p key={c.id} className="error small">
            Could not load run {c.id.slice(0, 8)} to compare: {c.error}
          </p>
        ) : null,
      )}
      <div className="curves" data-testid="curve" data-points={own.epochs.length} data-compared={compared.filter((c) => c.data).length}>
        <UPlotChart name="chart-accuracy" title="Accuracy" yLabel="accuracy" x={x} series={accuracy} yRange={ACCURACY_RANGE} formatY={percent} />
        <UPlotChart name="chart-loss" title="Loss" yLabel={logLoss ? "loss (log)" : "loss"} x={x} series={loss} log={logLoss} />
      </div>
      {own.phases.length > 1 && <p className="hint">Phases: {own.phases.map((p) => `${p.phase} from epoch ${p.offset + 1}`).join(", ")}.</p>}
    </section>
  );
}

/** One run: train and test in two colours. Compared runs: a colour per run, train dashed. */
function chartSeries(runId: string, own: ReturnType<typeof curveData>, compared: readonly ComparedCurves[]) {
  const others = compared.filter((c) => c.data !== null);
  if (others.length === 0) {
    const pair = (what: "acc" | "loss", name: string): ChartSeries[] => [
      { label: `train ${name}`, stroke: colorAt(0), values: own.values[`train_${what}`] },
      { label: `test ${name}`, stroke: colorAt(1), values: own.values[`test_${what}`] },
    ];
    return { x: own.epochs, accuracy: pair("acc", "accuracy"), loss: pair("loss", "loss") };
  }
  const runs = [{ id: runId, label: "this run", data: own }, ...others.map((c) => ({ id: c.id, label: c.label, data: c.data! }))];
  const overlay = overlayCurves(runs);
  const of = (what: "acc" | "loss"): ChartSeries[] =>
    runs.flatMap((run, i) => {
      const values = overlay.values.get(run.id)!;
      const metric = (split: "train" | "test"): CurveMetric => `${split}_${what}`;
      return [
        { label: `${run.label} · test`, stroke: colorAt(i), values: values[metric("test")] },
        { label: `${run.label} · train`, stroke: colorAt(i), values: values[metric("train")], dash: TRAIN_DASH },
      ];
    });
  return { x: overlay.x, accuracy: of("acc"), loss: of("loss") };
}
