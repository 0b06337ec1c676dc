"use client";

import { useEffect, useRef, useState } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  stroke: string;
  values: (number | null)[];
}

interface Props {
  title: string;
  yLabel: string;
  x: number[];
  series: ChartSeries[];
  /** A fixed y range (accuracy: [0, 1]); otherwise uPlot fits the data. */
  yRange?: [number, number];
  formatY?: (value: number) => string;
}

const HEIGHT = 260;

/**
 * A uPlot line chart. uPlot needs the DOM, so it is loaded and built in an effect (never on
 * the server); new data goes through `setData`, so a growing curve does not rebuild the chart.
 */
export function UPlotChart(props: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const latest = useRef(props);
  const [failed, setFailed] = useState<string | null>(null);
  // The chart is rebuilt only when what it draws changes, not when data grows.
  const shape = JSON.stringify([props.title, props.yLabel, props.yRange, props.series.map((s) => [s.label, s.stroke])]);

  useEffect(() => {
    latest.current = props;
    chartRef.current?.setData(alignedData(props));
  });

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    let chart: uPlot | null = null;
    let disposed = false;
    const observer = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth, height: HEIGHT }));
    import("uplot")
      .then(({ default: UPlot }) => {
        if (disposed) return;
        chart = new UPlot(chartOptions(latest.current, element.clientWidth), alignedData(latest.current), element);
        chartRef.current = chart;
        observer.observe(element);
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      disposed = true;
      observer.disconnect();
      chart?.destroy();
      chartRef.current = null;
    };
  }, [shape]);

  if (failed) return <p className="error">Could not load the chart library: {failed}</p>;
  return <div className="chart" ref={containerRef} />;
}

function alignedData({ x, series }: Props): uPlot.AlignedData {
  return [x, ...series.map((s) => s.values)];
}

function chartOptions({ title, yLabel, yRange, series, formatY }: Props, width: number): uPlot.Options {
  const yAxis: uPlot.Axis = { label: yLabel };
  if (formatY) yAxis.values = (_chart, ticks) => ticks.map(formatY);
  return {
    title,
    width,
    height: HEIGHT,
    scales: { x: { time: false }, y: yRange ? { range: yRange } : {} },
    axes: [{ label: "epoch" }, yAxis],
    series: [{ label: "epoch" }, ...series.map(({ label, stroke }) => ({ label, stroke, width: 1.5, spanGaps: true }))],
  };
}
