import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import { createDaemonProxy } from "./daemon-proxy.ts";
import { serveHealth } from "./health.ts";
import { holdScriptsUntilPaint } from "./scripts-after-paint.ts";
import { securityHeaders } from "./security-headers.ts";
import type { TlsPems } from "@minima/daemon/tls-files";

type Route = "daemon" | "healthz" | "readyz" | "page";

/** Which part of the dashboard's server answers a request target. */
function routeOf(url: string | undefined): Route {
  const path = url?.split("?", 1)[0] ?? "";
  if (path === "/trpc" || path.startsWith("/trpc/") || path.startsWith("/artifacts/")) return "daemon";
  if (path === "/healthz") return "healthz";
  if (path === "/readyz") return "readyz";
  return "page";
}

export interface DashboardServerOptions {
  tls: TlsPems | null;
  daemonUrl: URL;
  /** Next's request handler: every page and asset. */
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  log: (message: string) => void;
  /**
   * Next's development server behind it (`serve.mjs --dev`): pages as Next sends them, a CSP
   * that lets React's development build eval, and WebSocket upgrades under `/_next/` (hot reload)
   * left to Next.
   */
  dev?: boolean;
}

export interface DashboardServer {
  server: http.Server;
  /** Drops the forwarded WebSockets and every open connection. */
  closeConnections: () => void;
}

/**
 * The dashboard on one origin: its pages, and the daemon's `/trpc` (HTTP and WebSocket) and
 * `/artifacts/` forwarded, so the browser needs no other address and the token crosses only
 * this server's (TLS) connection. Every answer carries the security headers.
 */
export function createDashboardServer(options: DashboardServerOptions): DashboardServer {
  const dev = options.dev ?? false;
  const headers = securityHeaders(options.tls !== null, dev);
  const proxy = createDaemonProxy({ target: options.daemonUrl, https: options.tls !== null, ownHeaders: Object.keys(headers), log: options.log });
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const route = routeOf(req.url);
    if (route === "daemon") return proxy.request(req, res);
    if (route === "page" && !dev) holdScriptsUntilPaint(req, res);
    const answered = route === "page" ? options.handle(req, res) : serveHealth(route, proxy, res);
    answered.catch((error: unknown) => {
      options.log(`${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("The dashboard failed to answer; its log says why.");
      else res.destroy();
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : http.createServer(onRequest);
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = req.url?.split("?", 1)[0] ?? "";
    if (path === "/trpc") return proxy.upgrade(req, socket, head);
    // Next's development server adds its own upgrade listener (hot reload) at the first request it
    // handles; a hot-reload socket before that (a tab left open across a restart) is refused, and retries.
    if (dev && path.startsWith("/_next/") && server.listenerCount("upgrade") > 1) return;
    socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  });
  return {
    server,
    closeConnections: () => {
      proxy.close();
      server.closeAllConnections();
    },
  };
}
