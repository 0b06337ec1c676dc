"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { daemonEndpoints } from "../lib/daemon-endpoints.ts";
import { ConnectionContext, type ConnectionStatus } from "./connection-context.ts";
import { createDaemonClient, type DaemonClient } from "./create-daemon-client.ts";
import { TRPCProvider } from "./trpc-context.ts";

interface Props {
  token: string;
  children: ReactNode;
  /** Shown until the client exists (it is created in the browser only). */
  fallback: ReactNode;
}

/** Connects to the daemon (through this page's origin) with the signed-in token and provides the tRPC hooks below it. */
export function DaemonProvider({ token, children, fallback }: Props) {
  const queryClient = useQueryClient();
  const [daemon, setDaemon] = useState<DaemonClient | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");

  useEffect(() => {
    const created = createDaemonClient(daemonEndpoints(window.location), token);
    let wasDown = false;
    const subscription = created.wsClient.connectionState.subscribe({
      next(state) {
        if (state.state === "pending") {
          setStatus("open");
          // Whatever changed while we were away arrives by refetching, not by events.
          if (wasDown) void queryClient.invalidateQueries();
          wasDown = false;
        } else if (state.error) {
          wasDown = true;
          setStatus("down");
        }
      },
    });
    setDaemon(created);
    return () => {
      subscription.unsubscribe();
      void created.close();
    };
  }, [token, queryClient]);

  if (!daemon) return fallback;
  return (
    <TRPCProvider trpcClient={daemon.client} queryClient={queryClient}>
      <ConnectionContext.Provider value={status}>{children}</ConnectionContext.Provider>
    </TRPCProvider>
  );
}
