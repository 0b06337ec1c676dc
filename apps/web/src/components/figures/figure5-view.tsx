"use client";

import { useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { exportNorms } from "../../lib/figure-exports.ts";
import { runsNote } from "../../lib/runs-note.ts";
import type { RunSummary } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { ExportBar } from "../exports/export-bar.tsx";
import { QueryStatus } from "../query-status.tsx";
import { figurePng, titledCanvases } from "./figure-png.ts";
import { NormPanel } from "./norm-panel.tsx";
import { PALETTE } from "./palette.ts";
import { FIGURE_TITLES, normPanelTitle, settingPanelTitle } from "./panel-titles.ts";

const TITLE = FIGURE_TITLES.figure5;
const LEGEND = [
  { label: "random init", color: PALETTE[0] },
  { label: "adversarial init", color: PALETTE[1] },
];

/** Figure 5: per dataset × model, the Frobenius, ℓ1-path and ℓ2-path norms, mean with min–max whiskers. */
export function Figure5View({ experimentId, runs }: { experimentId: string; runs: RunSummary[] }) {
  const trpc = useTRPC();
  const figure = useQuery(trpc.figures.norms.queryOptions({ experimentId }));
  const frame = useRef<HTMLDivElement>(null);
  const rows = figure.data?.rows;

  return (
    <section className="card figure">
      <h2>{TITLE}</h2>
      <ExportBar
        what="figure5"
        experimentId={experimentId}
        render={rows ? (format) => exportNorms(rows, format) : null}
        png={() => figurePng(TITLE, titledCanvases(frame.current), LEGEND, 3)}
        procedure="figures.norms"
        input={{ experimentId }}
      />
      {!rows ? (
        <QueryStatus query={figure} what="the figure" />
      ) : rows.length === 0 ? (
        <p className="page-status">No norms measured yet: {runsNote(runs)}. A model&apos;s panels appear once its norms run finishes.</p>
      ) : (
        <div ref={frame}>
          {rows.map((row) => (
            <div key={`${row.dataset}/${row.model}`} className="norm-row">
              <h3>{settingPanelTitle(row.dataset, row.model)}</h3>
              <div className="figure-grid">
                {Object.entries(row.norms).map(([kind, stats]) => (
                  <NormPanel key={kind} kind={kind} stats={stats} title={normPanelTitle(kind, row.dataset, row.model)} name={`figure5-${row.dataset}-${row.model}-${kind}`} />
                ))}
              </div>
            </div>
          ))}
        </div>
      )}
      <p className="caption">
        W0: the init, W_V: after vanilla SGD, W_S: after SOTA training; blue from a random init, red from Algorithm 1&apos;s adversarial
        init. Dots are means over seeds, whiskers span min to max. Path norms are on a log scale (the daemon stores their log10: a
        ResNet50&apos;s overflow float64). Hover a panel for its numbers.
      </p>
    </section>
  );
}
