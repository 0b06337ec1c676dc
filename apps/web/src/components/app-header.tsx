"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSession } from "../session/session-context.ts";
import { useTRPC } from "../trpc/trpc-context.ts";

/** The app bar: where you are, which daemon and backend, who you are, and sign-out. */
export function AppHeader() {
  const trpc = useTRPC();
  const session = useSession();
  const me = useQuery(trpc.auth.whoami.queryOptions());
  const health = useQuery(trpc.system.health.queryOptions(undefined, { refetchInterval: 30_000 }));

  return (
    <header className="app-header">
      <Link href="/" className="brand">
        minima
      </Link>
      <nav>
        <Link href="/">Queue</Link>
        <Link href="/machines">Machines</Link>
        {me.data?.role === "admin" && <Link href="/admin">Admin</Link>}
      </nav>
      <span className="daemon" title={health.data?.backendReason ?? undefined}>
        {health.data
          ? `daemon ${health.data.version} · backend ${health.data.backend}`
          : health.isError
            ? "daemon unreachable"
            : "daemon …"}
      </span>
      <span className="user" data-testid="user">
        {me.data ? (
          <>
            {me.data.name} <span className="role">{me.data.role}</span>
          </>
        ) : me.isError ? (
          <span className="error small">could not tell who you are</span>
        ) : (
          "…"
        )}
      </span>
      <button type="button" className="secondary" onClick={() => session.signOut("You signed out.")}>
        Sign out
      </button>
    </header>
  );
}
