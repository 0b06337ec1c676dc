/** The two addresses the dashboard talks to: tRPC over HTTP and over WebSocket. */
export interface DaemonEndpoints {
  /** The daemon's base URL as configured, without a trailing slash. */
  baseUrl: string;
  httpUrl: string;
  wsUrl: string;
}

/**
 * Derives the tRPC endpoints from the daemon's base URL (`MINIMA_DAEMON_URL`): the HTTP
 * handler and the WebSocket server share one port and the `/trpc` path.
 */
export function daemonEndpoints(baseUrl: string): DaemonEndpoints {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`MINIMA_DAEMON_URL must be an absolute http(s) URL such as http://127.0.0.1:4000; got "${baseUrl}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`MINIMA_DAEMON_URL must use http or https; got "${baseUrl}".`);
  }
  const base = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  const wsBase = base.replace(/^http/, "ws");
  return { baseUrl: base, httpUrl: `${base}/trpc`, wsUrl: `${wsBase}/trpc` };
}
