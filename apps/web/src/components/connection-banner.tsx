"use client";

import { useConnectionStatus } from "../trpc/connection-context.ts";

/** Says so when the live connection to the daemon is down; the client keeps retrying. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  if (status !== "down") return null;
  return (
    <div className="connection-banner" role="status" data-testid="reconnecting">
      Reconnecting to the daemon… live updates are paused and will catch up when it is back.
    </div>
  );
}
