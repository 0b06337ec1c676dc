"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../../lib/auth-errors.ts";
import { formatTime } from "../../lib/format.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { IssuedToken } from "./issued-token.tsx";
import { useRefetchAdminLists } from "./use-admin-mutation.ts";

const when = (iso: string | null, none = "—") => (iso ? formatTime(iso) : none);

/** Every token (never its secret): whose, label, dates and state; issue one, revoke one. */
export function TokensSection() {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.auth.listTokens.queryOptions());
  const refetch = useRefetchAdminLists();
  const revoke = useMutation(trpc.auth.revokeToken.mutationOptions({ onSuccess: refetch }));

  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Tokens</h2>
      <IssueTokenForm />
      {!tokens.data ? (
        <QueryStatus query={tokens} what="tokens" />
      ) : (
        <table className="admin-table" data-testid="tokens">
          <thead>
            <tr>
              <th>User</th>
              <th>Label</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th>State</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id} data-token-id={token.id} data-state={token.state}>
                <td>{token.user}</td>
                <td>{token.label || <span className="meta">no label</span>}</td>
                <td>{when(token.createdAt)}</td>
                <td>{when(token.lastUsedAt, "never")}</td>
                <td>{when(token.expiresAt, "never")}</td>
                <td>{token.state === "revoked" ? `revoked ${when(token.revokedAt)}` : token.state}</td>
                <td>
                  {token.state !== "revoked" && (
                    <button type="button" className="secondary small-button danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: token.id })}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.error && (
        <p className="error small" role="alert">
          Could not revoke: {describeError(revoke.error)}
        </p>
      )}
    </section>
  );
}

function IssueTokenForm() {
  const trpc = useTRPC();
  const users = useQuery(trpc.auth.listUsers.queryOptions());
  const refetch = useRefetchAdminLists();
  const [user, setUser] = useState("");
  const [label, setLabel] = useState("");
  const [expiresIn, setExpiresIn] = useState("");
  const issue = useMutation(trpc.auth.issueToken.mutationOptions({ onSuccess: refetch }));
  const enabled = (users.data ?? []).filter((u) => !u.disabledAt);
  const chosen = user || enabled[0]?.name || "";

  return (
    <>
      <form
        className="admin-form"
        aria-label="Issue a token"
        onSubmit={(e) => {
          e.preventDefault();
          issue.mutate({ user: chosen, label: label.trim(), ...(expiresIn.trim() ? { expiresIn: expiresIn.trim() } : {}) });
        }}
      >
        <label>
          For
          <select value={chosen} aria-label="User to issue a token for" onChange={(e) => setUser(e.target.value)}>
            {enabled.map((u) => (
              <option key={u.id} value={u.name}>
                {u.name} ({u.role})
              </option>
            ))}
          </select>
        </label>
        <label>
          Label
          <input value={label} maxLength={200} placeholder="e.g. laptop" onChange={(e) => setLabel(e.target.value)} />
        </label>
        <label>
          Expires in
          <input value={expiresIn} placeholder="never, or 12h, 30d" pattern="\d{1,9}[smhd]" onChange={(e) => setExpiresIn(e.target.value)} />
        </label>
        <button type="submit" disabled={issue.isPending || chosen === ""}>
          Issue token
        </button>
        {issue.error && (
          <span className="error small" role="alert">
            Could not issue: {describeError(issue.error)}
          </span>
        )}
      </form>
      {issue.data && <IssuedToken issued={issue.data} onDismiss={() => issue.reset()} />}
    </>
  );
}
