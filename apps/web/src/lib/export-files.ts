import type { ExportFormat } from "@minima/metrics";

/** What a download button offers: the table/figure formats, and a figure's PNG and SVG. */
export type DownloadFormat = ExportFormat | "png" | "svg";

const EXTENSIONS: Record<DownloadFormat, string> = { csv: "csv", json: "json", markdown: "md", latex: "tex", png: "png", svg: "svg" };
const MIME: Record<DownloadFormat, string> = {
  csv: "text/csv",
  json: "application/json",
  markdown: "text/markdown",
  latex: "application/x-tex",
  png: "image/png",
  svg: "image/svg+xml",
};

export const FORMAT_LABELS: Record<DownloadFormat, string> = { csv: "CSV", json: "JSON", markdown: "Markdown", latex: "LaTeX", png: "PNG", svg: "SVG" };

/**
 * "table1-3f2a9c1e.csv": what it is and which experiment (its id's first block, enough to tell
 * downloads apart), safe as a file name on any system.
 */
export function exportFileName(what: string, experimentId: string, format: DownloadFormat): string {
  const safe = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const id = safe(experimentId.split("-")[0] ?? experimentId);
  return `${[safe(what), id].filter(Boolean).join("-")}.${EXTENSIONS[format]}`;
}

export function mimeType(format: DownloadFormat): string {
  return `${MIME[format]}${format === "png" ? "" : ";charset=utf-8"}`;
}

/** The same data from a script: `await client.tables.table1.query({ experimentId: "…" })`. */
export function trpcCallSnippet(procedure: string, input: Record<string, unknown>): string {
  const args = Object.entries(input)
    .map(([name, value]) => `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${JSON.stringify(value)}`)
    .join(", ");
  return `await client.${procedure}.query({ ${args} })`;
}
