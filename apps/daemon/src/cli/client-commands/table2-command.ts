import { EXPORT_FORMATS, exportTable2, type ExportFormat } from "@minima/metrics";
import type { Command } from "../command.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, idArgument, withClient } from "./connection.ts";

export const table2Command: Command = {
  name: "table2",
  summary: "Table 2 of a table2-ablation experiment, as it fills in (csv, json, markdown, latex).",
  usage: `Usage: minima table2 EXPERIMENT_ID [--format markdown|csv|json|latex] [options]

  Each cell: mean ± std over the finished seeds, the paper's value beside it.
  --format F            ${EXPORT_FORMATS.join(", ")} [default markdown]
${CONNECTION_HELP}`,
  options: { ...CONNECTION_OPTIONS, format: { type: "string" } },
  positionals: { min: 1, max: 1 },
  run: (values, positionals) => {
    const format = typeof values.format === "string" ? values.format : "markdown";
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
      console.error(`minima table2: --format must be one of ${EXPORT_FORMATS.join(", ")}; got "${format}".`);
      return Promise.resolve(2);
    }
    const id = idArgument("table2", "experiment", positionals);
    if (!id) return Promise.resolve(2);
    return withClient("table2", values, async ({ api }) => {
      const table = await api.tables.table2.query({ experimentId: id });
      console.log(exportTable2(table, format as ExportFormat));
      return 0;
    });
  },
};
