"use client";

import { useMemo } from "react";
import { curveData } from "../../lib/curve-data.ts";
import { UPlotChart, type ChartSeries } from "./uplot-chart.tsx";
import { useLiveMetrics } from "./use-live-metrics.ts";
import { QueryStatus } from "../query-status.tsx";

const TRAIN = "#1f77b4";
const TEST = "#d62728";
const ACCURACY_RANGE: [number, number] = [0, 1];
const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Accuracy and loss over epochs, loaded once and then grown by the live subscription. */
export function LiveCurve({ runId }: { runId: string }) {
  const { rows, initial, live } = useLiveMetrics(runId);
  const data = useMemo(() => curveData(rows), [rows]);

  const accuracy = useMemo<ChartSeries[]>(
    () => [
      { label: "train accuracy", stroke: TRAIN, values: data.values.train_acc },
      { label: "test accuracy", stroke: TEST, values: data.values.test_acc },
    ],
    [data],
  );
  const loss = useMemo<ChartSeries[]>(
    () => [
      { label: "train loss", stroke: TRAIN, values: data.values.train_loss },
      { label: "test loss", stroke: TEST, values: data.values.test_loss },
    ],
    [data],
  );

  return (
    <section className="card">
      <h2>
        Curves <span className="meta">{live.status === "pending" ? "· live" : live.status === "error" ? "· live updates failed" : ""}</span>
      </h2>
      {!initial.data && <QueryStatus query={initial} what="metrics" />}
      {live.error && <p className="error small">Live updates: {live.error.message}</p>}
      {initial.data && data.epochs.length === 0 && <p className="page-status">No epochs reported yet.</p>}
      <div className="curves" data-testid="curve" data-points={data.epochs.length}>
        <UPlotChart title="Accuracy" yLabel="accuracy" x={data.epochs} series={accuracy} yRange={ACCURACY_RANGE} formatY={percent} />
        <UPlotChart title="Loss" yLabel="loss" x={data.epochs} series={loss} />
      </div>
      {data.phases.length > 1 && (
        <p className="hint">Phases: {data.phases.map((p) => `${p.phase} from epoch ${p.offset + 1}`).join(", ")}.</p>
      )}
    </section>
  );
}
