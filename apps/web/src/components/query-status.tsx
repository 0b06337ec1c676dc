"use client";

import { describeError } from "../lib/auth-errors.ts";

/** The loading or error line for a query that has no data yet; nothing once it has. */
export function QueryStatus({ query, what }: { query: { isPending: boolean; error: unknown }; what: string }) {
  if (query.error) {
    return (
      <p className="error" role="alert">
        Could not load {what}: {describeError(query.error)}
      </p>
    );
  }
  if (query.isPending) return <p className="page-status">Loading {what}…</p>;
  return null;
}
