import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import http from "node:http";
import { WebSocketServer } from "ws";
import { adminTokenExists } from "@minima/db";
import { serveArtifact } from "./artifact-downloads.ts";
import { callerOf } from "./caller.ts";
import { createContext, RateLimitedError, type Services } from "./context.ts";
import { pathOf, ROUTE_METHODS, routeOf } from "./http-routes.ts";
import { errorIdOf, internalErrorLine, internalErrorMessage, logInternalErrors } from "./internal-errors.ts";
import { FailedAuthLimiter, type RateLimitOptions } from "./rate-limit.ts";
import { appRouter } from "./router.ts";
import { sharedPayloadEncoder } from "./shared-payload-encoder.ts";

export interface ApiServer {
  url: string;
  port: number;
  /** Tells WebSocket clients to reconnect, then closes every connection. */
  close(): Promise<void>;
}

export interface ApiServerOptions {
  /** Failed token checks per remote address (default: a burst of 10, then one per 5 s). */
  authLimit?: RateLimitOptions;
  /** Largest HTTP request body and WebSocket message (default 2 MiB). */
  maxRequestBytes?: number;
  /** Where the daemon's own failures (each under the id its answer quotes) and warnings go (default: stderr). */
  log?: (message: string) => void;
}

/** The API's inputs are ids, names and small option maps; 2 MiB leaves room for any honest call. */
const MAX_REQUEST_BYTES = 2 << 20;

const json = { "content-type": "application/json" };

/** tRPC over HTTP (`/trpc/*`) and WebSocket on one port. */
export async function startApiServer(
  services: Services,
  host: string,
  port: number,
  corsOrigin: string,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const limiter = new FailedAuthLimiter(options.authLimit ?? { burst: 10, refillPerS: 0.2 });
  const maxRequestBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const log = options.log ?? ((message: string) => console.error(message));
  const onError = logInternalErrors(log);
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: maxRequestBytes,
    // Scripts may POST queries whose input is too long for a URL.
    allowMethodOverride: true,
    createContext: ({ req }) => createContext(services, callerOf(req), limiter),
    onError,
    responseMeta: ({ errors }) => {
      const limited = errors.find((e): e is RateLimitedError => e instanceof RateLimitedError);
      return limited ? { headers: { "retry-after": String(limited.retryAfterS) } } : {};
    },
  });
  const server = http.createServer((req, res) => {
    // The dashboard runs on another origin and sends a bearer token: no cookies, so CORS is safe.
    res.setHeader("Access-Control-Allow-Origin", corsOrigin);
    res.setHeader("Access-Control-Allow-Headers", "authorization, content-type, trpc-accept, x-trpc-source");
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    const route = routeOf(req.url);
    const allowed = route ? ROUTE_METHODS[route] : null;
    if (req.method === "OPTIONS") {
      res.writeHead(204, allowed ? { allow: allowed.join(", ") } : {}).end();
    } else if (allowed && !allowed.includes(req.method ?? "")) {
      const error = `${pathOf(req.url).slice(0, 100)} answers ${allowed.join(", ")}, not ${req.method}.`;
      res.writeHead(405, { ...json, allow: allowed.join(", ") }).end(JSON.stringify({ error }));
    } else if (route === "trpc") {
      trpc(req, res);
    } else if (route === "artifacts") {
      serveArtifact(services, limiter, req, res).catch((error: unknown) => {
        // A download the client broke off is no failure of the daemon's.
        if (res.headersSent && (error as { code?: unknown }).code === "ERR_STREAM_PREMATURE_CLOSE") return void res.destroy();
        const id = errorIdOf(error);
        log(internalErrorLine(id, `${req.method} ${pathOf(req.url)}`, error));
        if (!res.headersSent) res.writeHead(500, json).end(JSON.stringify({ error: internalErrorMessage(id) }));
        else res.destroy();
      });
    } else {
      res.writeHead(route === "root" ? 200 : 404, json).end(JSON.stringify({ name: "minima daemon", version: services.version, api: "/trpc", websocket: "/trpc" }));
    }
  });
  // Idle keep-alive sockets outlive a client's own timeout (undici: 4 s), so a client never reuses
  // one the daemon is closing; under load, Node's 5 s default lost that race ("other side closed").
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new Error(`Port ${port} on ${host} is already in use (another daemon?). Start with --port <free port> or set MINIMA_PORT.`));
      } else if (error.code === "EACCES") {
        reject(new Error(`No permission to listen on ${host}:${port}; choose a port above 1024 with --port.`));
      } else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  // Attached once listening: a WebSocketServer re-emits a failed listen as an unhandled error.
  const wss = new WebSocketServer({ server, path: "/trpc", maxPayload: maxRequestBytes });
  const ws = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, info }) => createContext(services, callerOf(req, info.connectionParams), limiter),
    onError,
    keepAlive: { enabled: true, pingMs: 15_000, pongWaitMs: 5_000 },
    experimental_encoder: sharedPayloadEncoder(),
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  if (!isLoopback(host)) {
    await warnIfUnguarded(services, `${shownHost}:${actualPort}`, log).catch((error: unknown) => log(`could not check the admin tokens: ${String(error)}`));
  }
  return {
    url: `http://${shownHost}:${actualPort}`,
    port: actualPort,
    close: async () => {
      ws.broadcastReconnectNotification();
      for (const client of wss.clients) client.close(1012, "daemon restarting");
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Beyond loopback anyone on the network can reach the API: say so, and say if nobody can administer it. */
async function warnIfUnguarded(services: Services, where: string, log: (message: string) => void): Promise<void> {
  log(`The API on ${where} is reachable from the network; every call but system.health needs a token.`);
  if (!(await adminTokenExists(services.db))) {
    log(
      "warning: no enabled admin has a live token, so nobody can manage users or tokens. " +
        "Stop the daemon and run `minima token --user admin` (or against DATABASE_URL while it runs).",
    );
  }
}
