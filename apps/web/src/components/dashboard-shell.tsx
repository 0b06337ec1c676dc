"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { useSession } from "../session/session-context.ts";
import { DaemonProvider } from "../trpc/daemon-provider.tsx";
import { AppHeader, SignedInFacts } from "./app-header.tsx";
import { ConnectionBanner } from "./connection-banner.tsx";
import { KeyboardShortcuts } from "./keyboard-shortcuts.tsx";
import { RouteSkeleton } from "./page-skeleton.tsx";
import { RunEventsListener } from "./run-events-listener.tsx";

/**
 * The signed-in frame of every dashboard page; sends signed-out visitors to /sign-in.
 * The token lives in localStorage, so the server cannot know the session: its HTML (and the
 * first paint) is the header's brand and navigation over the page's skeleton, nothing private.
 */
export function DashboardShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const signedOut = session.ready && !session.token;

  useEffect(() => {
    if (signedOut) router.replace("/sign-in");
  }, [signedOut, router]);

  const pending = (
    <>
      <AppHeader />
      <main className="page">
        <RouteSkeleton pathname={pathname} />
      </main>
    </>
  );
  if (!session.token) return pending;
  return (
    <DaemonProvider token={session.token} fallback={pending}>
      <RunEventsListener />
      <AppHeader signedIn={<SignedInFacts />} tools={<KeyboardShortcuts />} />
      <ConnectionBanner />
      <main className="page">{children}</main>
    </DaemonProvider>
  );
}
