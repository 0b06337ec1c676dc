import type { TableCell } from "@minima/metrics";
import { ListLink } from "../list-link.tsx";
import { table1CellText } from "../../lib/table1-cells.ts";

/** One distance: mean over seeds (min/max/n on hover), the paper's value (naming its setting when not the row's), the difference, its runs. */
export function Table1Cell({ cell, column, expectedSeeds, otherSetting }: { cell: TableCell; column: string; expectedSeeds: number; otherSetting: string | null }) {
  const text = table1CellText(cell, expectedSeeds, otherSetting);
  return (
    <td title={text.title} className={text.seeds ? "incomplete" : undefined} data-column={column} data-measured={cell.stats.n > 0 ? "true" : "false"}>
      <span className="cell-value">{text.value}</span>
      {text.seeds && <span className="cell-seeds"> ({text.seeds})</span>}
      {text.difference && <span className={`cell-diff diff-${text.agreement}`}> {text.difference}</span>}
      {text.paper && <div className={otherSetting === null ? "cell-paper" : "cell-paper other-setting"}>{text.paper}</div>}
      {cell.runIds.length > 0 && (
        <div className="cell-runs">
          {cell.runIds.map((id, i) => (
            <ListLink key={id} href={`/runs/${id}`} title={`the measurement run of seed ${i + 1} behind this value`}>
              run {i + 1}
            </ListLink>
          ))}
        </div>
      )}
    </td>
  );
}
