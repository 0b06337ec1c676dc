"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { describeError } from "../../lib/auth-errors.ts";
import { compareHref } from "../../lib/compare-params.ts";
import { curvesCsv, curvesJson } from "../../lib/curve-export.ts";
import { exportFileName, mimeType } from "../../lib/export-files.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { downloadFile } from "../exports/download-file.ts";
import { TrpcCall } from "../exports/trpc-call.tsx";

/** A run page's curve downloads: fetched from `runs.curves` when asked for (the page's chart has thinned, live data). */
export function RunCurveDownloads({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (format: "csv" | "json") => {
    try {
      const { runs } = await queryClient.fetchQuery({ ...trpc.runs.curves.queryOptions({ runIds: [runId] }), staleTime: 0 });
      setProblem(null);
      downloadFile(exportFileName("curves", runId, format), format === "csv" ? curvesCsv(runs) : curvesJson(runs), mimeType(format));
    } catch (error) {
      setProblem(`Could not load the curves: ${describeError(error)}`);
    }
  };
  return (
    <div className="export-bar" data-testid="run-curve-downloads">
      <span className="meta">Curves</span>
      <button type="button" className="secondary small-button" aria-label="Download CSV of this run's curves" onClick={() => void save("csv")}>
        CSV
      </button>
      <button type="button" className="secondary small-button" aria-label="Download JSON of this run's curves" onClick={() => void save("json")}>
        JSON
      </button>
      <TrpcCall procedure="runs.curves" input={{ runIds: [runId] }} />
      <Link href={compareHref([runId])}>Compare with any run…</Link>
      {problem && <span className="error small">{problem}</span>}
    </div>
  );
}
