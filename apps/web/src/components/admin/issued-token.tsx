"use client";

import { useState } from "react";

interface Props {
  issued: { user: string; token: string; expiresAt: string | null };
  onDismiss: () => void;
}

/** A new token's secret, shown this once: the daemon keeps only its hash. */
export function IssuedToken({ issued, onDismiss }: Props) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const copy = () =>
    navigator.clipboard.writeText(issued.token).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  return (
    <div className="issued-token" role="status" data-testid="issued-token">
      <strong>A new token for {issued.user}. Copy it now: it is shown only this once and cannot be shown again.</strong>
      <span className="meta">Anyone holding it acts as {issued.user}; send it over a private channel. If it is lost, revoke it and issue another.</span>
      <code data-testid="issued-token-secret">{issued.token}</code>
      <div className="form-actions">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          I have stored it — hide
        </button>
        {copied === "yes" && <span className="meta">Copied.</span>}
        {copied === "failed" && <span className="error small">The browser refused the clipboard: select the token and copy it by hand.</span>}
      </div>
    </div>
  );
}
