"use client";

import { exportTable1, paperLabel, TABLE1_COLUMNS, type Setting } from "@minima/metrics";
import { useQuery } from "@tanstack/react-query";
import { ListLink } from "../list-link.tsx";
import { useMemo } from "react";
import { otherSettingOf, table1PaperNote } from "../../lib/table1-cells.ts";
import { table1ViewRows } from "../../lib/table1-rows.ts";
import type { RunSummary } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { ExportBar } from "../exports/export-bar.tsx";
import { QueryStatus } from "../query-status.tsx";
import { StatusBadge } from "../status-badge.tsx";
import { Table1Cell } from "./table1-cell.tsx";

/**
 * The paper's Table 1 as it fills in: per dataset × model, the seven distances d(W1, W2) =
 * ‖W1 − W2‖ / ‖W2‖ between the six checkpoints, mean over seeds beside the paper's value. Each
 * row appears as soon as it is planned; the run-events listener refetches the table whenever a
 * run of the experiment changes status, so cells fill in as measurement runs finish. A row the
 * paper lacks shows the nearest paper row's values, naming its setting, uncoloured.
 */
export function Table1View({ experimentId, runs, setting }: { experimentId: string; runs: RunSummary[]; setting: Setting | null }) {
  const trpc = useTRPC();
  const table = useQuery(trpc.tables.table1.queryOptions({ experimentId }));
  const rows = useMemo(() => (table.data ? table1ViewRows(table.data, runs, setting) : []), [table.data, runs, setting]);
  const data = table.data;

  return (
    <section className="card table1">
      <h2>Table 1 — distances between the six checkpoints</h2>
      <ExportBar
        what="table1"
        experimentId={experimentId}
        render={data ? (format) => exportTable1(data, format) : null}
        procedure="tables.table1"
        input={{ experimentId }}
      />
      {!data ? (
        <QueryStatus query={table} what="the table" />
      ) : rows.length === 0 ? (
        <p className="page-status">This experiment plans no distance measurements, so Table 1 has no rows.</p>
      ) : (
        <div className="table-scroll">
          <table className="paper-table" data-testid="table1">
            <thead>
              <tr>
                <th>Data</th>
                <th>Model</th>
                {TABLE1_COLUMNS.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.dataset}/${row.model}`} data-dataset={row.dataset} data-model={row.model}>
                  <th scope="row">{paperLabel(row.dataset)}</th>
                  <th scope="row">
                    {paperLabel(row.model)}
                    <div className="row-runs">
                      {row.measureRuns.map((run) => (
                        <ListLink key={run.id} href={`/runs/${run.id}`} title={`distance measurement, seed ${run.seed}`}>
                          s{run.seed} <StatusBadge status={run.status} />
                        </ListLink>
                      ))}
                    </div>
                    {!row.paper.matches && (
                      <div className="cell-paper other-setting" data-testid="table1-paper-setting">
                        paper row: {otherSettingOf(row)}, another setting (not compared)
                      </div>
                    )}
                    {row.note && <div className="cell-paper" title={row.note}>note: {row.note}</div>}
                  </th>
                  {TABLE1_COLUMNS.map((c) => (
                    <Table1Cell key={c} column={c} cell={row.cells[c]} expectedSeeds={data.expectedSeeds} otherSetting={otherSettingOf(row)} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="caption">
        d(W1, W2) = ‖W1 − W2‖ / ‖W2‖ over the trained weights. W0: the init, W_V: vanilla SGD, W_S: SOTA settings; R: from a random
        init, A: from Algorithm 1&apos;s adversarial init. Each cell is the mean over the seeds measured so far (mean ± std once
        there are several; n/expected while seeds are missing), with the paper&apos;s value in grey. {table1PaperNote(rows)} Hover a
        cell for its min, max and seed count; its run links open the measurements behind it, and the s1, s2… badges under each
        model show each seed&apos;s measurement run.
      </p>
    </section>
  );
}
