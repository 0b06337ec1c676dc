"use client";

import { useState } from "react";
import { trpcCallSnippet } from "../../lib/export-files.ts";

/** The tRPC call that returns the same data, shown on demand with a copy button. */
export function TrpcCall({ procedure, input }: { procedure: string; input: Record<string, unknown> }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const snippet = trpcCallSnippet(procedure, input);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context (https or localhost) and the user's consent.
      setCopied("no");
    }
  };

  return (
    <>
      <button type="button" className="secondary small-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        tRPC call
      </button>
      {open && (
        <span className="trpc-call">
          <code data-testid="trpc-call">{snippet}</code>
          <button type="button" className="secondary small-button" onClick={() => void copy()}>
            {copied === "yes" ? "Copied" : "Copy"}
          </button>
          {copied === "no" && <span className="meta">the browser refused the clipboard; select the text instead</span>}
        </span>
      )}
    </>
  );
}
