"use client";

import type { BandPoint, Checkpoint } from "@minima/metrics";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef } from "react";
import { bandData, type NamedBand } from "../../lib/band-data.ts";
import { exportBands } from "../../lib/figure-exports.ts";
import { runsNote } from "../../lib/runs-note.ts";
import type { RunSummary } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { ExportBar } from "../exports/export-bar.tsx";
import { QueryStatus } from "../query-status.tsx";
import { BandChart } from "./band-chart.tsx";
import { figurePng, titledCanvases } from "./figure-png.ts";
import { colorAt } from "./palette.ts";
import { FIGURE_TITLES, settingPanelTitle } from "./panel-titles.ts";

/** The attacked models in the paper's legend order: vanilla and SOTA, from random and adversarial init. */
const ATTACKED: Checkpoint[] = ["WVR", "WSR", "WVA", "WSA"];
const ACCURACY: [number, number] = [0, 1];
const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
const TITLE = FIGURE_TITLES.figure6;

type Row = { dataset: string; model: string; curves: Partial<Record<Checkpoint, BandPoint[]>> };

function curvesOf(row: Row): NamedBand[] {
  return ATTACKED.filter((c) => row.curves[c]).map((c) => ({ label: c, band: row.curves[c]! }));
}

/** One file for every chart: each curve labelled with its dataset and model. */
function allCurves(rows: readonly { row: Row; curves: NamedBand[] }[]): NamedBand[] {
  return rows.flatMap(({ row, curves }) => curves.map((c) => ({ label: `${row.dataset}/${row.model} ${c.label}`, band: c.band })));
}

/** Figure 6: per dataset × model, one chart of accuracy against ε for each attacked model, bands over seeds. */
export function Figure6View({ experimentId, runs }: { experimentId: string; runs: RunSummary[] }) {
  const trpc = useTRPC();
  const figure = useQuery(trpc.figures.fgsm.queryOptions({ experimentId }));
  const frame = useRef<HTMLDivElement>(null);
  const rows = useMemo(
    () =>
      (figure.data?.rows ?? []).map((row) => {
        const curves = curvesOf(row);
        return { row, curves, data: bandData(curves) };
      }),
    [figure.data],
  );
  const legend = ATTACKED.map((c, i) => ({ label: c, color: colorAt(i) }));

  return (
    <section className="card figure">
      <h2>{TITLE}</h2>
      <ExportBar
        what="figure6"
        experimentId={experimentId}
        render={figure.data ? (format) => exportBands(allCurves(rows), format, { x: "ε", value: "test accuracy" }) : null}
        png={() => figurePng(TITLE, titledCanvases(frame.current), legend, 2)}
        procedure="figures.fgsm"
        input={{ experimentId }}
      />
      {!figure.data ? (
        <QueryStatus query={figure} what="the figure" />
      ) : rows.length === 0 ? (
        <p className="page-status">No attack measured yet: {runsNote(runs)}. A model&apos;s curves appear once its FGSM run finishes.</p>
      ) : (
        <div className="figure-grid" ref={frame}>
          {rows.map(({ row, data }) => (
            <figure key={`${row.dataset}/${row.model}`} className="figure-panel" data-panel-title={settingPanelTitle(row.dataset, row.model)}>
              <figcaption>{settingPanelTitle(row.dataset, row.model)}</figcaption>
              <BandChart
                name={`figure6-${row.dataset}-${row.model}`}
                data={data}
                xLabel="ε"
                yLabel="test accuracy"
                yRange={ACCURACY}
                format={percent}
              />
            </figure>
          ))}
        </div>
      )}
      <p className="caption">
        Test accuracy under the fast gradient sign attack x′ = clip(x + ε·sign(∇ₓ loss), 0, 1) of the vanilla (V) and SOTA (S)
        models trained from a random (R) or adversarial (A) init. Lines are means over seeds, bands span min to max.
      </p>
    </section>
  );
}
