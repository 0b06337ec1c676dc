"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef } from "react";
import { bandData } from "../../lib/band-data.ts";
import { exportBands } from "../../lib/figure-exports.ts";
import { runsNote } from "../../lib/runs-note.ts";
import type { RunSummary } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { ExportBar } from "../exports/export-bar.tsx";
import { QueryStatus } from "../query-status.tsx";
import { BandChart } from "./band-chart.tsx";
import { figurePng, titledCanvases } from "./figure-png.ts";
import { colorAt } from "./palette.ts";
import { FIGURE4_PANEL_TITLE, FIGURE_TITLES } from "./panel-titles.ts";

const ACCURACY: [number, number] = [0, 1];
const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
const TITLE = FIGURE_TITLES.figure4;

/** Figure 4: final test (and train) accuracy against R, mean line in a min–max band over seeds. */
export function Figure4View({ experimentId, runs }: { experimentId: string; runs: RunSummary[] }) {
  const trpc = useTRPC();
  const figure = useQuery(trpc.figures.rSweep.queryOptions({ experimentId }));
  const frame = useRef<HTMLDivElement>(null);
  const curves = useMemo(
    () => (figure.data ? [{ label: "test accuracy", band: figure.data.testAcc }, { label: "train accuracy", band: figure.data.trainAcc }] : []),
    [figure.data],
  );
  const data = useMemo(() => bandData(curves), [curves]);

  return (
    <section className="card figure">
      <h2>{TITLE}</h2>
      <ExportBar
        what="figure4"
        experimentId={experimentId}
        render={figure.data ? (format) => exportBands(curves, format, { x: "R", value: "accuracy" }) : null}
        png={() => figurePng(TITLE, titledCanvases(frame.current), curves.map((c, i) => ({ label: c.label, color: colorAt(i) })))}
        procedure="figures.rSweep"
        input={{ experimentId }}
      />
      {!figure.data ? (
        <QueryStatus query={figure} what="the figure" />
      ) : (
        <div ref={frame} data-panel-title={FIGURE4_PANEL_TITLE}>
          {data.x.length === 0 && <p className="page-status">No R measured yet: {runsNote(runs)}. Each R appears once its vanilla run finishes.</p>}
          <BandChart name="figure4" data={data} xLabel="replicas R (0: random init)" yLabel="accuracy" yRange={ACCURACY} format={percent} />
        </div>
      )}
      <p className="caption">
        Final-epoch accuracy of vanilla SGD started from Algorithm 1&apos;s adversarial init made with R copies of each image
        (10% zero-out); R = 0 is a random init. The line is the mean over seeds, the shaded band spans min to max. Hover for
        each point&apos;s values.
      </p>
    </section>
  );
}
