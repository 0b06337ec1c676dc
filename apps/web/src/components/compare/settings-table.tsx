"use client";

import { useMemo, useState } from "react";
import { settingsRows } from "../../lib/settings-diff.ts";
import type { CurveRun } from "../../trpc/router-types.ts";
import { runColor } from "./compare-palette.ts";

/** The compared runs' settings and final metrics side by side, with what differs marked. */
export function SettingsTable({ columns }: { columns: readonly { run: CurveRun; label: string; index: number }[] }) {
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const runs = useMemo(() => columns.map((c) => c.run), [columns]);
  const rows = useMemo(() => settingsRows(runs), [runs]);
  const differing = rows.filter((r) => r.differs).length;
  const shown = onlyDifferences ? rows.filter((r) => r.differs) : rows;

  return (
    <section className="card" data-testid="settings-table" data-differing={differing}>
      <header className="card-header">
        <h2>Settings and results</h2>
        <span className="meta">{differing === 0 ? "no differences" : `${differing} of ${rows.length} rows differ`}</span>
        <label className="inline-toggle">
          <input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} /> Only differences
        </label>
      </header>
      <div className="compare-table-scroll">
        <table className="runs compare-settings">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              {columns.map(({ run, label, index }) => (
                <th key={run.id} scope="col">
                  <span className="compare-swatch" style={{ background: runColor(index) }} aria-hidden="true" /> {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={`${row.group}-${row.key}`} data-key={row.key} data-group={row.group} className={row.differs ? "differs" : undefined}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, i) => (
                  <td key={runs[i]!.id} className={cell.differs ? "differs" : undefined} data-differs={cell.differs ? "true" : undefined}>
                    {cell.text}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
