"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import { alignedBandData, bandColumns, type BandData } from "../../lib/band-data.ts";
import { useUplot } from "../charts/use-uplot.ts";
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
 * Curves with a min–max band around each mean line (uPlot `bands`); rebuilt only when the
 * curves change, new data goes through `setData` (see useUplot).
 */
export function BandChart({ data, xLabel, yLabel, yRange, format, name }: Props) {
  const aligned = useMemo(() => alignedBandData(data) as uPlot.AlignedData, [data]);
  // `format` is a module-level function in every caller; the shape covers the rest.
  const chart = useUplot({
    shape: JSON.stringify([xLabel, yLabel, yRange, data.curves.map((c) => c.label)]),
    options: (width) => bandOptions(data, { xLabel, yLabel, yRange, format }, width),
    data: aligned,
    height: HEIGHT,
  });

  if (chart.failed) return <p className="error">Could not load the chart library: {chart.failed}</p>;
  return (
    <div
      className="chart band-chart"
      ref={chart.containerRef}
      role="img"
      aria-label={name}
      data-testid={name}
      data-ready={chart.ready ? "true" : "false"}
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
