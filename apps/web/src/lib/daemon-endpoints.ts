/** The two addresses the dashboard talks to the daemon through: tRPC over HTTP and over WebSocket. */
export interface DaemonEndpoints {
  httpUrl: string;
  wsUrl: string;
}

/**
 * The tRPC endpoints on the page's own origin (pass `window.location`): the dashboard's server
 * forwards `/trpc` (HTTP and the WebSocket upgrade) to the daemon, so the browser never needs
 * the daemon's address and the token never crosses to another origin. https pages use wss.
 */
export function daemonEndpoints(location: Pick<Location, "protocol" | "host">): DaemonEndpoints {
  const wsProtocol = location.protocol === "https:" ? "wss:" : "ws:";
  return { httpUrl: `${location.protocol}//${location.host}/trpc`, wsUrl: `${wsProtocol}//${location.host}/trpc` };
}
