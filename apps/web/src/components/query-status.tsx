"use client";

import type { ReactNode } from "react";
import { describeError } from "../lib/auth-errors.ts";
import { SkeletonRows } from "./page-skeleton.tsx";

/**
 * The error line, or a skeleton (`skeleton`, else a few rows) while pending, for a query that has
 * no data yet; nothing once it has.
 */
export function QueryStatus({ query, what, skeleton }: { query: { isPending: boolean; error: unknown }; what: string; skeleton?: ReactNode }) {
  if (query.error) {
    return (
      <p className="error" role="alert">
        Could not load {what}: {describeError(query.error)}
      </p>
    );
  }
  if (!query.isPending) return null;
  return (
    skeleton ?? (
      <div role="status" aria-busy="true" data-testid="section-skeleton">
        <span className="visually-hidden">Loading {what}…</span>
        <SkeletonRows rows={3} />
      </div>
    )
  );
}
