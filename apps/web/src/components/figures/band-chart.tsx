"use client";

import { useEffect, useRef, useState } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { alignedBandData, bandColumns, type BandData } from "../../lib/band-data.ts";
import { colorAt, translucent } from "./palette.ts";

interface Props {
  data: BandData;
  xLabel: string;
  yLabel: string;
  yRange?: [number, number] | undefined;
  format: (value: number) => string;
  /** An accessible name, and the test hook's name. */
  name: string;
}

const HEIGHT = 300;

/**
 * Curves with a min–max band around each mean line (uPlot `bands`). Built in an effect (uPlot
 * needs the DOM); new data goes through `setData`; rebuilt only when the curves change.
 */
export function BandChart({ data, xLabel, yLabel, yRange, format, name }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const latest = useRef(data);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const shape = JSON.stringify([xLabel, yLabel, yRange, data.curves.map((c) => c.label)]);
  latest.current = data;

  useEffect(() => {
    chartRef.current?.setData(alignedBandData(data) as uPlot.AlignedData);
  }, [data]);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    let chart: uPlot | null = null;
    let disposed = false;
    const observer = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth, height: HEIGHT }));
    import("uplot")
      .then(({ default: UPlot }) => {
        if (disposed) return;
        const options = bandOptions(latest.current, { xLabel, yLabel, yRange, format }, element.clientWidth);
        chart = new UPlot(options, alignedBandData(latest.current) as uPlot.AlignedData, element);
        chartRef.current = chart;
        observer.observe(element);
        setReady(true);
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      disposed = true;
      observer.disconnect();
      chart?.destroy();
      chartRef.current = null;
      setReady(false);
    };
    // `format` is a module-level function in every caller; `shape` covers the rest.
  }, [shape]);

  if (failed) return <p className="error">Could not load the chart library: {failed}</p>;
  return (
    <div
      className="chart band-chart"
      ref={containerRef}
      role="img"
      aria-label={name}
      data-testid={name}
      data-ready={ready ? "true" : "false"}
      data-points={data.x.length}
    />
  );
}

function bandOptions(data: BandData, axes: Omit<Props, "data" | "name">, width: number): uPlot.Options {
  const value = (_u: uPlot, v: number | null) => (v === null || v === undefined ? "–" : axes.format(v));
  const series: uPlot.Series[] = [{ label: axes.xLabel }];
  const bands: uPlot.Band[] = [];
  data.curves.forEach((curve, i) => {
    const color = colorAt(i);
    const edge = { stroke: translucent(color, 0.45), width: 1, dash: [4, 4], points: { show: false }, spanGaps: true, value };
    series.push({ ...edge, label: `${curve.label} min` });
    series.push({ label: curve.label, stroke: color, width: 2, points: { show: true, size: 6 }, spanGaps: true, value });
    series.push({ ...edge, label: `${curve.label} max` });
    bands.push({ series: bandColumns(i).band, fill: translucent(color, 0.15) });
  });
  return {
    width,
    height: HEIGHT,
    scales: { x: { time: false }, y: axes.yRange ? { range: axes.yRange } : {} },
    axes: [
      // Ticks at the measured x values only (R is an integer, ε a few set strengths).
      { label: axes.xLabel, splits: (u) => (u.data[0] as number[]).slice(), values: (_u, ticks) => ticks.map((t) => String(Number(t.toPrecision(6)))) },
      { label: axes.yLabel, values: (_u, ticks) => ticks.map(axes.format), size: 60 },
    ],
    series,
    bands,
  };
}
