"use client";

import { curvesCsv, curvesJson, type ExportedRun } from "../../lib/curve-export.ts";
import { exportFileName, mimeType } from "../../lib/export-files.ts";
import { downloadFile } from "../exports/download-file.ts";
import { TrpcCall } from "../exports/trpc-call.tsx";

interface Props {
  /** "curves" for one run, "comparison" for all: names the file with the first run's id. */
  what: string;
  runs: readonly ExportedRun[];
  /** Labels the buttons for a reader ("Download CSV of …"). */
  of: string;
}

/** CSV and JSON of runs' curves, and the `runs.curves` call that returns the same data. */
export function CurveDownloads({ what, runs, of }: Props) {
  const first = runs[0]?.id ?? "";
  const save = (format: "csv" | "json") => downloadFile(exportFileName(what, first, format), format === "csv" ? curvesCsv(runs) : curvesJson(runs), mimeType(format));
  return (
    <span className="export-bar curve-downloads" data-testid={`download-${what}`}>
      <button type="button" className="secondary small-button" disabled={runs.length === 0} aria-label={`Download CSV of ${of}`} onClick={() => save("csv")}>
        CSV
      </button>
      <button type="button" className="secondary small-button" disabled={runs.length === 0} aria-label={`Download JSON of ${of}`} onClick={() => save("json")}>
        JSON
      </button>
      <TrpcCall procedure="runs.curves" input={{ runIds: runs.map((r) => r.id) }} />
    </span>
  );
}
