"use client";

import { useMemo, useState } from "react";
import type uPlot from "uplot";
import { epochSplits } from "../../lib/epoch-ticks.ts";
import { forLogScale, logRange, logSplits, logTickLabel } from "../../lib/log-axis.ts";
import { useUplot } from "../charts/use-uplot.ts";

export interface ChartSeries {
  label: string;
  stroke: string;
  values: (number | null)[];
  /** A dashed line (e.g. the train curve beside the test curve of the same run). */
  dash?: number[];
  /** Line width in CSS pixels (default 1.5). */
  width?: number;
  /** false: left out of the legend (a faint line behind another that the legend names). */
  inLegend?: boolean;
}

interface Props {
  title: string;
  yLabel: string;
  x: number[];
  series: ChartSeries[];
  /** A fixed y range (accuracy: [0, 1]); otherwise uPlot fits the data. */
  yRange?: [number, number];
  formatY?: (value: number) => string;
  /** A log10 y axis; values ≤ 0 have no place on it and are left out (see lib/log-axis.ts). */
  log?: boolean;
  /** The test hook's name (`data-testid`), also the chart's accessible name. */
  name: string;
  /** x is a clock time in seconds since 1970 (a machine's samples), not an epoch. */
  time?: boolean;
  /** What x counts when it is not an epoch ("step", "wall time (s)"); default "epoch". */
  xLabel?: string;
  /** Ticks at whole numbers only (epochs, steps); false for a fraction. Default true. */
  wholeX?: boolean;
}

const HEIGHT = 260;

/**
 * A uPlot line chart with drag-to-zoom on the epoch axis and a button (or a double click) that
 * zooms back out. While zoomed, new points of a live run do not reset the zoom.
 */
export function UPlotChart(props: Props) {
  const { title, yLabel, x, series, yRange, log = false, name, time = false, xLabel = "epoch", wholeX = true } = props;
  const [zoomed, setZoomed] = useState(false);
  const data = useMemo<uPlot.AlignedData>(
    () => [x, ...series.map((s) => (log ? forLogScale(s.values) : s.values))],
    [x, series, log],
  );
  const chart = useUplot({
    shape: JSON.stringify([title, yLabel, yRange, log, time, xLabel, wholeX, series.map((s) => [s.label, s.stroke, s.dash, s.width, s.inLegend])]),
    options: (width) => chartOptions(props, width, setZoomed),
    data,
    height: HEIGHT,
    refit: !zoomed,
  });

  if (chart.failed) return <p className="error">Could not load the chart library: {chart.failed}</p>;
  return (
    <figure className="chart-frame" data-testid={name} data-zoomed={zoomed ? "true" : "false"} data-ready={chart.ready ? "true" : "false"} data-log={log ? "true" : "false"}>
      <div className="chart" ref={chart.containerRef} role="img" aria-label={`${title} over ${time ? "time" : xLabel === "epoch" ? "epochs" : xLabel}`} />
      <figcaption className="chart-tools">
        {zoomed ? (
          <button
            type="button"
            className="secondary small-button"
            onClick={() => {
              chart.chartRef.current?.setData(data, true);
              setZoomed(false);
            }}
          >
            Reset zoom
          </button>
        ) : (
          <span className="hint">Drag across the chart to zoom into {time ? "a span of time" : "epochs"}.</span>
        )}
      </figcaption>
    </figure>
  );
}

function chartOptions({ title, yLabel, yRange, series, formatY, log, time = false, xLabel = "epoch", wholeX = true }: Props, width: number, onZoom: (zoomed: boolean) => void): uPlot.Options {
  const yAxis: uPlot.Axis = log ? logAxis(yLabel) : { label: yLabel, size: 60 };
  if (formatY) yAxis.values = (_chart, ticks) => ticks.map(formatY);
  const y: uPlot.Scale = log ? { distr: 3, log: 10, range: (_u, min, max) => logRange(min, max) } : yRange ? { range: yRange } : {};
  const xAxis: uPlot.Axis = time
    ? { label: "time" }
    : { label: xLabel, ...(wholeX ? { splits: (_u: uPlot, _axis: number, min: number, max: number, spacing: number) => epochSplits(min, max, spacing) } : {}) };
  return {
    title,
    width,
    height: HEIGHT,
    scales: { x: { time }, y },
    axes: [xAxis, yAxis],
    series: [
      { label: time ? "time" : xLabel },
      ...series.map(({ label, stroke, dash, width = 1.5 }) => ({ label, stroke, width, spanGaps: true, ...(dash ? { dash } : {}), ...(log ? { value: logValue } : {}) })),
    ],
    hooks: {
      // uPlot has no per-series legend switch: hide the rows of the series left out of it.
      init: [
        (u) => {
          const rows = u.root.querySelectorAll<HTMLElement>(".u-legend .u-series");
          series.forEach((s, i) => {
            const row = rows[i + 1];
            if (s.inLegend === false && row) row.style.display = "none";
          });
        },
      ],
      // Zoomed: the x scale shows less than the data spans (a drag, or a double click back out).
      setScale: [
        (u, key) => {
          if (key !== "x") return;
          const xs = u.data[0];
          const { min, max } = u.scales.x!;
          if (xs.length < 2 || min === undefined || max === undefined) return onZoom(false);
          onZoom(min > xs[0]! || max < xs[xs.length - 1]!);
        },
      ],
    },
  };
}

// uPlot's legend formats with Intl's default 3 decimals, which shows 1e-62 as 0.
const logValue = (_u: uPlot, v: number | null) => (v === null ? "–" : v.toPrecision(4));

// About one tick per this many CSS pixels of plot height.
const LOG_TICK_PX = 30;

/**
 * A log10 y axis whose ticks we compute (powers of ten, thinned to fit), with uPlot's own log
 * splits and their filter replaced: they never finish for data below about 1e-25.
 */
function logAxis(label: string): uPlot.Axis {
  return {
    label,
    size: 60,
    splits: (u, _axis, min, max) => logSplits(min, max, Math.max(2, Math.floor(u.bbox.height / (window.devicePixelRatio || 1) / LOG_TICK_PX))),
    filter: (_u, splits) => splits,
    values: (u, ticks) => {
      const labels = ticks.map(logTickLabel);
      // uPlot draws tick labels on its canvas: the browser tests read them here.
      u.root.dataset.yTicks = labels.join(" ");
      return labels;
    },
  };
}
