"use client";

import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { useSession } from "../session/session-context.ts";
import { DaemonProvider } from "../trpc/daemon-provider.tsx";
import { AppHeader } from "./app-header.tsx";
import { ConnectionBanner } from "./connection-banner.tsx";
import { RunEventsListener } from "./run-events-listener.tsx";

/** The signed-in frame of every dashboard page; sends signed-out visitors to /sign-in. */
export function DashboardShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const router = useRouter();
  const signedOut = session.ready && !session.token;

  useEffect(() => {
    if (signedOut) router.replace("/sign-in");
  }, [signedOut, router]);

  const loading = <p className="page-status">Loading…</p>;
  if (!session.token) return loading;
  return (
    <DaemonProvider token={session.token} fallback={loading}>
      <RunEventsListener />
      <AppHeader />
      <ConnectionBanner />
      <main className="page">{children}</main>
    </DaemonProvider>
  );
}
