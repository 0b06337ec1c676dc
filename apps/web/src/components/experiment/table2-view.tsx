"use client";

import { useQuery } from "@tanstack/react-query";
import { exportTable2, TABLE2_MODE_LABELS, type Init, type Split } from "@minima/metrics";
import { table2CellText } from "../../lib/table2-cells.ts";
import type { Table2 } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { ExportBar } from "../exports/export-bar.tsx";
import { QueryStatus } from "../query-status.tsx";

type Table2Cell = Table2["rows"][number]["cells"][Init][Split];

const COLUMNS: { init: Init; split: Split; label: string }[] = [
  { init: "random", split: "train", label: "Rand Train" },
  { init: "random", split: "test", label: "Rand Test" },
  { init: "adversarial", split: "train", label: "Adv Train" },
  { init: "adversarial", split: "test", label: "Adv Test" },
];

/**
 * The paper's Table 2 as it fills in: final train/test accuracy (%) of ResNet18 on CIFAR-10 per
 * regularization mode and initialization, mean ± std over seeds beside the paper's value. The
 * run-events listener refetches it whenever a run of the experiment changes status.
 */
export function Table2View({ experimentId }: { experimentId: string }) {
  const trpc = useTRPC();
  const table = useQuery(trpc.tables.table2.queryOptions({ experimentId }));
  const data = table.data;

  return (
    <section className="card table2">
      <h2>Table 2 — accuracy (%) by regularization and initialization</h2>
      <ExportBar
        what="table2"
        experimentId={experimentId}
        render={data ? (format) => exportTable2(data, format) : null}
        procedure="tables.table2"
        input={{ experimentId }}
      />
      {!table.data ? (
        <QueryStatus query={table} what="the table" />
      ) : (
        <table className="paper-table" data-testid="table2">
          <thead>
            <tr>
              <th>Mode</th>
              {COLUMNS.map((c) => (
                <th key={c.label}>{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.data.rows.map((row) => (
              <tr key={row.mode} data-mode={row.mode}>
                <th scope="row">{TABLE2_MODE_LABELS[row.mode]}</th>
                {COLUMNS.map((c) => (
                  <Table2CellView key={c.label} cell={row.cells[c.init][c.split]} expectedSeeds={table.data.expectedSeeds} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="caption">
        Final-epoch accuracy of each mode&apos;s finished runs, mean ± population std over seeds (n/expected shown
        while incomplete), with the paper&apos;s value in grey. The difference from the paper is green within 1
        point, amber within 5 and red beyond. Hover a cell for its min, max and seed count.
      </p>
    </section>
  );
}

function Table2CellView({ cell, expectedSeeds }: { cell: Table2Cell; expectedSeeds: number }) {
  const text = table2CellText(cell, expectedSeeds);
  return (
    <td title={text.title} className={text.seeds ? "incomplete" : undefined}>
      <span className="cell-value">{text.value}</span>
      {text.seeds && <span className="cell-seeds"> ({text.seeds})</span>}
      {text.difference && <span className={`cell-diff diff-${text.agreement}`}> {text.difference}</span>}
      {text.paper && <div className="cell-paper">{text.paper}</div>}
    </td>
  );
}
