"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { formatTime } from "../../lib/format.ts";
import { downloadName } from "../../lib/artifact-files.ts";
import { formatBytes } from "../../lib/format-bytes.ts";
import { useSession } from "../../session/session-context.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { downloadFile } from "../exports/download-file.ts";
import { QueryStatus } from "../query-status.tsx";

interface Artifact {
  name: string;
  kind: string;
  size: number;
  sha256: string;
  createdAt: string;
  download: string;
}

/**
 * What the run stored (checkpoints, weights, measurements). Downloads need the bearer token, which
 * a plain link cannot send: each is fetched with the Authorization header and saved as a file.
 */
export function RunArtifacts({ runId, status }: { runId: string; status: string }) {
  const trpc = useTRPC();
  const artifacts = useQuery(trpc.runs.artifacts.queryOptions({ id: runId }));
  // A run stores artifacts as it goes and when it ends: look again whenever its status moves.
  const { refetch } = artifacts;
  const seenStatus = useRef(status);
  useEffect(() => {
    if (seenStatus.current === status) return;
    seenStatus.current = status;
    void refetch();
  }, [status, refetch]);

  return (
    <section className="card">
      <h2>Artifacts</h2>
      {!artifacts.data ? (
        <QueryStatus query={artifacts} what="the artifacts" />
      ) : artifacts.data.length === 0 ? (
        <p className="page-status">No artifacts yet{status === "succeeded" || status === "failed" || status === "cancelled" ? "; this run stored none." : "; checkpoints appear here as the run saves them."}</p>
      ) : (
        <div className="runs-scroll">
          <table className="runs artifacts" data-testid="artifacts">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Size</th>
                <th>Stored</th>
                <th>SHA-256</th>
                <th>
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {artifacts.data.map((artifact) => (
                <tr key={artifact.name} data-artifact={artifact.name}>
                  <td>
                    <code>{artifact.name}</code>
                  </td>
                  <td>{artifact.kind}</td>
                  <td>{formatBytes(artifact.size)}</td>
                  <td>{formatTime(artifact.createdAt)}</td>
                  <td>
                    <code title={artifact.sha256}>{artifact.sha256.slice(0, 12)}…</code>
                  </td>
                  <td>
                    <DownloadButton artifact={artifact} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DownloadButton({ artifact }: { artifact: Artifact }) {
  const { token } = useSession();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  async function download() {
    setState({ busy: true, error: null });
    try {
      const response = await fetch(artifact.download, { headers: { authorization: `Bearer ${token ?? ""}` } });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? `the download answered ${response.status}`);
      }
      const blob = await response.blob();
      downloadFile(downloadName(artifact.name, response.headers.get("content-type")), blob, blob.type);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <>
      <button type="button" className="secondary small-button" disabled={state.busy} onClick={() => void download()} aria-label={`Download ${artifact.name}`}>
        {state.busy ? "Downloading…" : "Download"}
      </button>
      {state.error && (
        <div className="error small" role="alert">
          Could not download: {state.error}
        </div>
      )}
    </>
  );
}
