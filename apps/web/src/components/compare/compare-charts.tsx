"use client";

import { useMemo, useState } from "react";
import { alignLines, metricLabel, metricLines, metricsOf, type ComparedRun, type CompareLine } from "../../lib/compare-lines.ts";
import type { CompareView } from "../../lib/compare-params.ts";
import { timeUnit, X_AXES, X_AXIS_LABELS, type XAxis } from "../../lib/curve-axis.ts";
import { MAX_SMOOTHING } from "../../lib/smoothing.ts";
import { UPlotChart, type ChartSeries } from "../run/uplot-chart.tsx";
import { runColor, translucent } from "./compare-palette.ts";

const TRAIN_DASH = [6, 4];
const ACCURACY_RANGE: [number, number] = [0, 1];
const percent = (v: number) => `${Math.round(v * 100)}%`;

interface Props {
  runs: readonly ComparedRun[];
  view: CompareView;
  onChange: (patch: Partial<CompareView>) => void;
}

/** The compared runs' curves, a chart per metric picked, with smoothing, x axis and metric controls. */
export function CompareCharts({ runs, view, onChange }: Props) {
  const [logLoss, setLogLoss] = useState(false);
  const available = useMemo(() => metricsOf(runs), [runs]);
  const shown = view.metrics.filter((m) => available.includes(m));
  const toggleMetric = (metric: string, on: boolean) =>
    onChange({ metrics: on ? available.filter((m) => m === metric || view.metrics.includes(m)) : view.metrics.filter((m) => m !== metric) });

  return (
    <section className="card compare-charts" data-testid="compare-charts" data-x={view.x} data-smoothing={view.smoothing}>
      <header className="card-header">
        <h2>Curves</h2>
        <span className="hint">Solid: test · dashed: train · one colour per run{view.smoothing > 0 ? " · faint: as measured" : ""}</span>
      </header>
      <div className="compare-controls">
        <label>
          Smoothing{" "}
          <input
            type="range"
            aria-label="Smoothing"
            min={0}
            max={MAX_SMOOTHING}
            step={0.01}
            value={view.smoothing}
            onChange={(e) => onChange({ smoothing: Number(e.target.value) })}
          />{" "}
          <output data-testid="smoothing-value">{view.smoothing.toFixed(2)}</output>
        </label>
        <label>
          X axis{" "}
          <select aria-label="X axis" value={view.x} onChange={(e) => onChange({ x: e.target.value as XAxis })}>
            {X_AXES.map((axis) => (
              <option key={axis} value={axis}>
                {X_AXIS_LABELS[axis]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="compare-metrics">
          <legend>Metrics</legend>
          {available.map((metric) => (
            <label key={metric} className="inline-toggle">
              <input type="checkbox" checked={view.metrics.includes(metric)} onChange={(e) => toggleMetric(metric, e.target.checked)} /> {metricLabel(metric)}
            </label>
          ))}
        </fieldset>
        {shown.includes("loss") && (
          <label className="inline-toggle">
            <input type="checkbox" checked={logLoss} onChange={(e) => setLogLoss(e.target.checked)} /> Log-scale loss
          </label>
        )}
      </div>
      {available.length === 0 && <p className="page-status">None of these runs has reported a metric yet.</p>}
      {available.length > 0 && shown.length === 0 && <p className="page-status">Pick a metric to draw.</p>}
      <div className="curves">
        {shown.map((metric) => (
          <MetricChart key={metric} runs={runs} metric={metric} axis={view.x} smoothing={view.smoothing} log={metric === "loss" && logLoss} />
        ))}
      </div>
    </section>
  );
}

interface ChartProps {
  runs: readonly ComparedRun[];
  metric: string;
  axis: XAxis;
  smoothing: number;
  log: boolean;
}

/**
 * One metric's chart and its legend: every line named by run, split and metric, with its last
 * (smoothed) value; smoothed lines have the values as measured faint behind them.
 */
function MetricChart({ runs, metric, axis, smoothing, log }: ChartProps) {
  const { lines, x, series, rawLines, xLabel } = useMemo(() => {
    const drawn = metricLines(runs, metric, axis, smoothing);
    const unit = axis === "time" ? timeUnit(Math.max(0, ...drawn.flatMap((l) => l.x))) : null;
    const scaled = unit ? drawn.map((l) => ({ ...l, x: l.x.map((v) => v / unit.seconds) })) : drawn;
    const aligned = alignLines(scaled);
    const dash = (line: CompareLine) => (line.split === "train" ? { dash: TRAIN_DASH } : {});
    const smoothedSeries = scaled.map((line, i): ChartSeries => ({ label: line.label, stroke: runColor(line.runIndex), values: aligned.values[i]!, ...dash(line) }));
    // Smoothed, each line has its measured values faint behind it (drawn first), out of the legend.
    const raw = smoothing > 0 ? alignLines(scaled.map((line) => ({ x: line.x, y: line.raw }))).values : [];
    const rawSeries = raw.map(
      (values, i): ChartSeries => ({ label: `${scaled[i]!.label} (as measured)`, stroke: translucent(runColor(scaled[i]!.runIndex), 0.25), values, width: 1, inLegend: false, ...dash(scaled[i]!) }),
    );
    const label = unit ? `wall time (${unit.label})` : X_AXIS_LABELS[axis].toLowerCase();
    return { lines: scaled, x: aligned.x, series: [...rawSeries, ...smoothedSeries], rawLines: rawSeries.length, xLabel: label };
  }, [runs, metric, axis, smoothing]);
  const accuracy = metric === "acc";
  const title = metricLabel(metric);

  return (
    <div className="compare-chart" data-testid={`compare-chart-${metric}`} data-x-max={x.length ? x[x.length - 1] : ""} data-lines={lines.length} data-raw-lines={rawLines}>
      <UPlotChart
        name={`chart-compare-${metric}`}
        title={title[0]!.toUpperCase() + title.slice(1)}
        yLabel={log ? `${title} (log)` : title}
        x={x}
        series={series}
        xLabel={xLabel}
        wholeX={axis === "epoch" || axis === "step"}
        log={log}
        {...(accuracy ? { yRange: ACCURACY_RANGE, formatY: percent } : {})}
      />
      <Legend lines={lines} accuracy={accuracy} metric={metric} />
    </div>
  );
}

const lastValue = (line: CompareLine) => line.y.findLast((v): v is number => v !== null && Number.isFinite(v)) ?? null;

function Legend({ lines, accuracy, metric }: { lines: readonly CompareLine[]; accuracy: boolean; metric: string }) {
  const format = (v: number | null) => (v === null ? "—" : accuracy ? `${(100 * v).toFixed(2)}%` : v.toPrecision(4));
  return (
    <ul className="compare-legend" data-testid={`legend-${metric}`}>
      {lines.map((line) => (
        <li key={`${line.runId}-${line.split}`} data-run-id={line.runId} data-split={line.split ?? ""} data-last={lastValue(line) ?? ""}>
          <svg width="28" height="10" aria-hidden="true">
            <line x1="0" y1="5" x2="28" y2="5" stroke={runColor(line.runIndex)} strokeWidth="2" strokeDasharray={line.split === "train" ? TRAIN_DASH.join(" ") : undefined} />
          </svg>
          <span className="legend-label">{line.label}</span>
          <span className="meta">last {format(lastValue(line))}</span>
        </li>
      ))}
    </ul>
  );
}
