"use client";

import { useQuery } from "@tanstack/react-query";
import { exportTable2, settingLabel, TABLE2_MODE_LABELS, type Init, type Setting, type Split } from "@minima/metrics";
import { table2CellText, table2PaperNote } from "../../lib/table2-cells.ts";
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
 * The paper's Table 2 as it fills in: final train/test accuracy (%) per regularization mode and
 * initialization, mean ± std over seeds beside the paper's value (ResNet18 on CIFAR-10), coloured
 * by its difference only when the experiment trained that setting. The run-events listener
 * refetches it whenever a run of the experiment changes status.
 */
export function Table2View({ experimentId, setting }: { experimentId: string; setting: Setting | null }) {
  const trpc = useTRPC();
  const table = useQuery(trpc.tables.table2.queryOptions({ experimentId }));
  const data = table.data;
  const otherSetting = data && !data.paper.matches ? settingLabel(data.paper.paper) : null;

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
      {data && (
        <p className={data.paper.matches ? "paper-setting" : "paper-setting other-setting"} data-testid="table2-paper-setting">
          {table2PaperNote(data.paper, setting)}
        </p>
      )}
      {!table.data ? (
        <QueryStatus query={table} what="the table" />
      ) : (
        <table className="paper-table" data-testid="table2" data-paper-matches={table.data.paper.matches ? "true" : "false"}>
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
                  <Table2CellView key={c.label} cell={row.cells[c.init][c.split]} expectedSeeds={table.data.expectedSeeds} otherSetting={otherSetting} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="caption">
        Final-epoch accuracy of each mode&apos;s finished runs, mean ± population std over seeds (n/expected shown
        while incomplete), with the paper&apos;s value in grey (its setting named above). Where the experiment trained the
        paper&apos;s setting, the difference from the paper is green within 1 point, amber within 5 and red beyond; elsewhere it is
        not taken, since accuracy on another dataset or model is no error. Hover a cell for its min, max and seed count.
      </p>
    </section>
  );
}

function Table2CellView({ cell, expectedSeeds, otherSetting }: { cell: Table2Cell; expectedSeeds: number; otherSetting: string | null }) {
  const text = table2CellText(cell, expectedSeeds, otherSetting);
  return (
    <td title={text.title} className={text.seeds ? "incomplete" : undefined}>
      <span className="cell-value">{text.value}</span>
      {text.seeds && <span className="cell-seeds"> ({text.seeds})</span>}
      {text.difference && <span className={`cell-diff diff-${text.agreement}`}> {text.difference}</span>}
      {text.paper && <div className={otherSetting === null ? "cell-paper" : "cell-paper other-setting"}>{text.paper}</div>}
    </td>
  );
}
