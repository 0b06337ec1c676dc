"use client";

import { RUN_COLUMNS, type RunColumnId } from "../../lib/run-columns.ts";
import { Dropdown } from "../dropdown.tsx";

/** Which columns a run table shows; at least one stays (Actions are always there). */
export function ColumnPicker({ columns, onChange }: { columns: readonly RunColumnId[]; onChange: (columns: RunColumnId[]) => void }) {
  const toggle = (id: RunColumnId, on: boolean) => {
    const next = RUN_COLUMNS.map((c) => c.id).filter((c) => (c === id ? on : columns.includes(c)));
    if (next.length > 0) onChange(next);
  };
  return (
    <Dropdown className="column-picker" testId="column-picker" summary={`Columns (${columns.length})`}>
      <fieldset>
        <legend className="visually-hidden">Columns to show</legend>
        {RUN_COLUMNS.map((column) => (
          <label key={column.id} className="inline-toggle">
            <input type="checkbox" name={column.id} checked={columns.includes(column.id)} onChange={(e) => toggle(column.id, e.currentTarget.checked)} />
            {column.label}
          </label>
        ))}
      </fieldset>
    </Dropdown>
  );
}
