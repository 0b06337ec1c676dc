"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { useSession } from "../session/session-context.ts";
import { useTRPC } from "../trpc/trpc-context.ts";

/**
 * The app bar. Its brand and navigation need no session, so they are in the server's HTML and
 * on screen at first paint; `signedIn` (which daemon, who you are, sign-out, Admin for admins)
 * fills in once the session is known and the daemon's client exists.
 */
export function AppHeader({ signedIn, tools }: { signedIn?: ReactNode; tools?: ReactNode }) {
  return (
    <header className="app-header" data-testid="app-header">
      <Link href="/" className="brand">
        minima
      </Link>
      <nav aria-label="Main">
        <Link href="/">Queue</Link>
        <Link href="/compare">Compare</Link>
        <Link href="/machines">Machines</Link>
        {signedIn && <AdminLink />}
      </nav>
      <div className="user-slot">
        {signedIn}
        {tools}
      </div>
    </header>
  );
}

function AdminLink() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.whoami.queryOptions());
  return me.data?.role === "admin" ? <Link href="/admin">Admin</Link> : null;
}

/** Which daemon and backend, who you are, and sign-out (inside the daemon's client). */
export function SignedInFacts() {
  const trpc = useTRPC();
  const session = useSession();
  const me = useQuery(trpc.auth.whoami.queryOptions());
  const health = useQuery(trpc.system.health.queryOptions(undefined, { refetchInterval: 30_000 }));
  return (
    <>
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
    </>
  );
}
