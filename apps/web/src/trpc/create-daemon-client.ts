import type { AppRouter } from "@minima/daemon/router";
import { createTRPCClient, createWSClient, httpBatchStreamLink, httpLink, splitLink, wsLink } from "@trpc/client";
import type { DaemonEndpoints } from "../lib/daemon-endpoints.ts";

const authorization = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * The dashboard's connection to the daemon: queries and mutations over HTTP (batched, streamed),
 * subscriptions over one WebSocket. The WebSocket client reconnects by itself and, because
 * the daemon's subscriptions yield `tracked()` ids, resumes each one from its last event.
 * Call `close()` when the token changes.
 */
export function createDaemonClient(endpoints: DaemonEndpoints, token: string) {
  const wsClient = createWSClient({
    url: endpoints.wsUrl,
    connectionParams: { token },
    // Pings notice a daemon that went away without closing the socket (a host that dropped off).
    keepAlive: { enabled: true, intervalMs: 5_000, pongTimeoutMs: 3_000 },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink<AppRouter>({ client: wsClient }),
        // Streamed: each query of a batch answers as soon as the daemon has it, so a page does not
        // wait for the slowest query it happened to be batched with (bench:web: with 10,000 runs,
        // experiments.list takes several times as long as a page of runs.list).
        false: httpBatchStreamLink<AppRouter>({ url: endpoints.httpUrl, headers: () => authorization(token) }),
      }),
    ],
  });
  return { client, wsClient, close: () => wsClient.close() };
}

export type DaemonClient = ReturnType<typeof createDaemonClient>;

/** Asks the daemon who a token belongs to (the sign-in check); throws if it is not accepted. */
export async function whoamiWithToken(endpoints: DaemonEndpoints, token: string) {
  const client = createTRPCClient<AppRouter>({
    links: [httpLink<AppRouter>({ url: endpoints.httpUrl, headers: () => authorization(token) })],
  });
  return client.auth.whoami.query();
}
