"use client";

import { EXPORT_FORMATS, type ExportFormat } from "@minima/metrics";
import { useState } from "react";
import { exportFileName, FORMAT_LABELS, mimeType } from "../../lib/export-files.ts";
import { downloadFile } from "./download-file.ts";
import { TrpcCall } from "./trpc-call.tsx";

interface Props {
  /** What is exported, for file names and labels: "table1", "figure4". */
  what: string;
  experimentId: string;
  /** The data as text in a format; absent while nothing is loaded. */
  render: ((format: ExportFormat) => string) | null;
  /** A figure's picture, as a PNG blob; null when there is nothing drawn yet. */
  png?: () => Promise<Blob | null>;
  /** The same picture as SVG text; null when there is nothing drawn yet. */
  svg?: () => string | null;
  /** The text formats offered (default: all); Figure 1's rasters make sense only as JSON. */
  formats?: readonly ExportFormat[];
  /** The procedure that returns the same data, and its input. */
  procedure: string;
  input: Record<string, unknown>;
}

const ORDER: ExportFormat[] = ["csv", "markdown", "latex", "json"];

/** Download buttons for a table or figure (CSV, Markdown, LaTeX, JSON, PNG, SVG) and its tRPC call. */
export function ExportBar({ what, experimentId, render, png, svg, formats = EXPORT_FORMATS, procedure, input }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const save = (format: ExportFormat) => {
    if (!render) return;
    downloadFile(exportFileName(what, experimentId, format), render(format), mimeType(format));
  };
  const savePng = async () => {
    const blob = await png?.();
    if (!blob) return setProblem("Nothing is drawn yet: the figure has no measured points.");
    setProblem(null);
    downloadFile(exportFileName(what, experimentId, "png"), blob, mimeType("png"));
  };
  const saveSvg = () => {
    const text = svg?.();
    if (!text) return setProblem("Nothing is drawn yet: the figure has no finished panel.");
    setProblem(null);
    downloadFile(exportFileName(what, experimentId, "svg"), text, mimeType("svg"));
  };

  return (
    <div className="export-bar" data-testid={`export-${what}`}>
      <span className="meta">Export</span>
      {ORDER.filter((f) => formats.includes(f)).map((format) => (
        <button key={format} type="button" className="secondary small-button" disabled={!render} onClick={() => save(format)}>
          {FORMAT_LABELS[format]}
        </button>
      ))}
      {png && (
        <button type="button" className="secondary small-button" onClick={() => void savePng()}>
          PNG
        </button>
      )}
      {svg && (
        <button type="button" className="secondary small-button" onClick={saveSvg}>
          SVG
        </button>
      )}
      <TrpcCall procedure={procedure} input={input} />
      {problem && <span className="error small">{problem}</span>}
    </div>
  );
}
