"use client";

import { useMemo } from "react";
import { machineSeries } from "../../lib/machine-series.ts";
import type { MachineSample } from "../../trpc/router-types.ts";
import { colorAt } from "../figures/palette.ts";
import { UPlotChart } from "../run/uplot-chart.tsx";

const PERCENT_RANGE: [number, number] = [0, 100];
const percent = (v: number) => `${Math.round(v)}%`;

/** The host's CPU and memory, and each GPU's utilisation and memory, over the samples held. */
export function MachineCharts({ samples }: { samples: readonly MachineSample[] }) {
  const series = useMemo(() => machineSeries(samples), [samples]);
  const charts = useMemo(
    () => [
      {
        name: "chart-host",
        title: "Host: CPU and memory",
        series: [
          { label: "CPU busy", stroke: colorAt(0), values: series.cpu },
          { label: "memory in use", stroke: colorAt(1), values: series.memory },
        ],
      },
      ...series.gpus.map((gpu) => ({
        name: `chart-gpu-${gpu.id}`,
        title: `GPU ${gpu.id}: utilisation and memory`,
        series: [
          { label: "utilisation", stroke: colorAt(0), values: gpu.utilization },
          { label: "memory in use", stroke: colorAt(1), values: gpu.memory },
        ],
      })),
    ],
    [series],
  );
  return (
    <div className="curves" data-testid="machine-charts" data-samples={samples.length}>
      {charts.map((chart) => (
        <UPlotChart key={chart.name} name={chart.name} title={chart.title} yLabel="%" x={series.x} series={chart.series} yRange={PERCENT_RANGE} formatY={percent} time />
      ))}
    </div>
  );
}
