import {
  escapeLatex,
  EXPORT_FORMATS,
  exportSeriesBand,
  exportTable1,
  exportTable2,
  latexTabular,
  markdownTable,
  toCsv,
  type BandPoint,
  type ExportFormat,
} from "@minima/metrics";
import type { MinimaClient } from "../../client/index.ts";
import type { Command } from "../command.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, idArgument, withClient } from "./connection.ts";

type Api = MinimaClient["api"];
type Values = Record<string, string | boolean | undefined>;
type Render = (api: Api, experimentId: string, format: ExportFormat) => Promise<string>;

const FORMAT_HELP = `  --format F            ${EXPORT_FORMATS.join(", ")} [default markdown]`;

/** Checks --format and the experiment id, then prints what `render` makes of the daemon's data. */
function printResult(command: string, values: Values, positionals: readonly string[], render: Render): Promise<number> {
  const format = typeof values.format === "string" ? values.format : "markdown";
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
    console.error(`minima ${command}: --format must be one of ${EXPORT_FORMATS.join(", ")}; got "${format}".`);
    return Promise.resolve(2);
  }
  const id = idArgument(command, "experiment", positionals);
  if (!id) return Promise.resolve(2);
  return withClient(command, values, async ({ api }) => {
    console.log(await render(api, id, format as ExportFormat));
    return 0;
  });
}

function tableCommand(name: string, detail: string, render: Render): Command {
  return {
    name,
    usage: `Usage: minima ${name} EXPERIMENT_ID [--format markdown|csv|json|latex] [options]

  ${detail}
${FORMAT_HELP}
${CONNECTION_HELP}`,
    options: { ...CONNECTION_OPTIONS, format: { type: "string" } },
    positionals: { min: 1, max: 1 },
    run: (values, positionals) => printResult(name, values, positionals, render),
  };
}

export const table1Command = tableCommand(
  "table1",
  "Each cell: the mean distance over the finished seeds, the paper's value beside it.",
  async (api, experimentId, format) => exportTable1(await api.tables.table1.query({ experimentId }), format),
);

export const table2Command = tableCommand(
  "table2",
  "Each cell: mean ± std over the finished seeds, the paper's value beside it.",
  async (api, experimentId, format) => exportTable2(await api.tables.table2.query({ experimentId }), format),
);

/** Named band series (one per dataset, model and attacked checkpoint): one CSV with a series column, else a section each. */
function exportBands(series: ReadonlyArray<{ name: string; band: readonly BandPoint[] }>, format: ExportFormat, x: string, value: string): string {
  if (format === "json") return JSON.stringify(series, null, 2);
  if (format === "csv") {
    const rows = series.flatMap(({ name, band }) => band.map((p) => [name, p.x, p.n, p.missing, p.mean, p.std, p.min, p.max, p.runIds.join(" ")]));
    return toCsv(["series", x, "n", "missing", "mean", "std", "min", "max", "run_ids"], rows);
  }
  const heading = (name: string) => (format === "latex" ? `% ${name}` : `### ${name}`);
  return series.map(({ name, band }) => `${heading(name)}\n\n${exportSeriesBand(band, format, { x, value })}`).join("\n\n");
}

const FIGURES: Record<string, Render> = {
  figure4: async (api, experimentId, format) => {
    const { testAcc } = await api.figures.rSweep.query({ experimentId });
    return exportBands([{ name: "vanilla SGD, test accuracy", band: testAcc }], format, "R", "test accuracy");
  },
  figure5: async (api, experimentId, format) => {
    const { rows } = await api.figures.norms.query({ experimentId });
    if (format === "json") return JSON.stringify(rows, null, 2);
    const header = ["dataset", "model", "norm", "checkpoint", "mean", "std", "min", "max", "n", "missing"];
    const table = rows.flatMap((row) =>
      Object.entries(row.norms).flatMap(([norm, byCheckpoint]) =>
        Object.entries(byCheckpoint).map(([checkpoint, s]) => [row.dataset, row.model, norm, checkpoint, s.mean, s.std, s.min, s.max, s.n, s.missing] as const),
      ),
    );
    if (format === "csv") return toCsv(header, table);
    const text = table.map((r) => r.map((v) => (typeof v === "number" ? String(Number(v.toPrecision(4))) : (v ?? "–"))));
    return format === "markdown" ? markdownTable(header, text) : latexTabular(header.map(escapeLatex), text.map((r) => r.map(escapeLatex)), "llll" + "r".repeat(6));
  },
  figure6: async (api, experimentId, format) => {
    const { rows } = await api.figures.fgsm.query({ experimentId });
    const series = rows.flatMap((row) => Object.entries(row.curves).map(([checkpoint, band]) => ({ name: `${row.dataset} ${row.model} ${checkpoint}`, band })));
    return exportBands(series, format, "epsilon", "test accuracy");
  },
};

export const figureCommand: Command = {
  name: "figure",
  usage: `Usage: minima figure figure4|figure5|figure6 EXPERIMENT_ID [--format markdown|csv|json|latex] [options]

  figure4: vanilla test accuracy against R (r-sweep); figure5: Frobenius and log10 path norms of the
  six checkpoints (norms); figure6: test accuracy against ε per attacked model (fgsm). Over seeds.
${FORMAT_HELP}
${CONNECTION_HELP}`,
  options: { ...CONNECTION_OPTIONS, format: { type: "string" } },
  positionals: { min: 2, max: 2 },
  run: (values, [figure = "", ...rest]) => {
    const render = FIGURES[figure];
    if (!render) {
      console.error(`minima figure: which figure? One of ${Object.keys(FIGURES).join(", ")}; got "${figure}".`);
      return Promise.resolve(2);
    }
    return printResult(`figure ${figure}`, values, rest, render);
  },
};
