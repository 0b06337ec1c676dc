import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import http from "node:http";
import https from "node:https";
import { WebSocketServer, type WebSocket } from "ws";
import { createLogger, type Logger } from "../daemon/logger.ts";
import { adminTokenExists } from "@minima/db";
import { serveArtifact } from "./artifact-downloads.ts";
import { callerOf } from "./caller.ts";
import { createContext, RateLimitedError, type Services } from "./context.ts";
import { insecureHttpWarning, isLoopback, plainHttpRefusal } from "./exposure.ts";
import { Readiness, serveHealth } from "./health.ts";
import { pathOf, ROUTE_METHODS, routeOf } from "./http-routes.ts";
import { internalErrorMessage, logInternalError, logInternalErrors } from "./internal-errors.ts";
import { FailedAuthLimiter, type RateLimitOptions } from "./rate-limit.ts";
import { connectionIdOf, requestIdOf, traceConnection, traceRequest } from "./request-ids.ts";
import { appRouter } from "./router.ts";
import { setSecurityHeaders } from "./security-headers.ts";
import { sharedPayloadEncoder } from "./shared-payload-encoder.ts";
import { SocketSessions } from "./socket-sessions.ts";
import type { TlsPems } from "./tls-files.ts";

export interface ApiServer {
  url: string;
  port: number;
  /** HTTPS only: serves new connections with this certificate and key (a renewed certificate, on SIGHUP). */
  setCertificate(tls: TlsPems): void;
  /** Tells WebSocket clients to reconnect, then closes every connection. */
  close(): Promise<void>;
}

export interface ApiServerOptions {
  /** Failed token checks per remote address (default: a burst of 10, then one per 5 s). */
  authLimit?: RateLimitOptions;
  /** Largest HTTP request body and WebSocket message (default 2 MiB). */
  maxRequestBytes?: number;
  /** Where the daemon's own failures (each under the id its answer quotes), warnings and access lines go (default: JSON on stderr). */
  logger?: Logger;
  /** HTTPS (and wss) with this certificate and key; plain HTTP without. */
  tls?: TlsPems | null;
  /** Serve plain HTTP beyond loopback anyway (refused without it: see exposure.ts). */
  insecureHttp?: boolean;
  /** How often open WebSockets' tokens are looked up again (default 15 s; at once after a change made here). */
  sessionRecheckMs?: number;
  /** What /readyz answers (default: the services' database and scheduler; never stopping). */
  readiness?: Readiness;
}

/** The API's inputs are ids, names and small option maps; 2 MiB leaves room for any honest call. */
const MAX_REQUEST_BYTES = 2 << 20;

const json = { "content-type": "application/json" };

/** tRPC over HTTP(S) (`/trpc/*`) and WebSocket on one port, with /healthz and /readyz for a supervisor. */
export async function startApiServer(
  services: Services,
  host: string,
  port: number,
  corsOrigin: string,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const tls = options.tls ?? null;
  const refusal = plainHttpRefusal(host, tls !== null, options.insecureHttp ?? false);
  if (refusal) throw new Error(refusal);
  const readiness = options.readiness ?? new Readiness(services);
  const limiter = new FailedAuthLimiter(options.authLimit ?? { burst: 10, refillPerS: 0.2 });
  const maxRequestBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const logger = options.logger ?? createLogger({ logFormat: "json", logLevel: "info" }, process.stderr);
  const sockets = new SocketSessions(services.db, logger, options.sessionRecheckMs);
  const requestLogger = (req: http.IncomingMessage) => logger.child({ reqId: requestIdOf(req) });
  const connectionLogger = (req: http.IncomingMessage) => logger.child({ connId: connectionIdOf(req) });
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: maxRequestBytes,
    // Scripts may POST queries whose input is too long for a URL.
    allowMethodOverride: true,
    createContext: ({ req }) => createContext(services, { caller: callerOf(req), logger: requestLogger(req) }, limiter, sockets),
    onError: logInternalErrors(requestLogger),
    responseMeta: ({ errors }) => {
      const limited = errors.find((e): e is RateLimitedError => e instanceof RateLimitedError);
      return limited ? { headers: { "retry-after": String(limited.retryAfterS) } } : {};
    },
  });
  const handle: http.RequestListener = (req, res) => {
    traceRequest(req, res, logger);
    setSecurityHeaders(res, tls !== null);
    // The dashboard runs on another origin and sends a bearer token: no cookies, so CORS is safe.
    res.setHeader("Access-Control-Allow-Origin", corsOrigin);
    res.setHeader("Access-Control-Allow-Headers", "authorization, content-type, trpc-accept, x-trpc-source, x-request-id");
    res.setHeader("Access-Control-Expose-Headers", "x-request-id");
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    const route = routeOf(req.url);
    const allowed = route ? ROUTE_METHODS[route] : null;
    if (req.method === "OPTIONS" && allowed?.includes("OPTIONS") !== false) {
      res.writeHead(204, allowed ? { allow: allowed.join(", ") } : {}).end();
    } else if (allowed && !allowed.includes(req.method ?? "")) {
      const error = `${pathOf(req.url).slice(0, 100)} answers ${allowed.join(", ")}, not ${req.method}.`;
      res.writeHead(405, { ...json, allow: allowed.join(", ") }).end(JSON.stringify({ error }));
    } else if (route === "healthz" || route === "readyz") {
      serveHealth(route, readiness, res).catch((error: unknown) => {
        const id = logInternalError(requestLogger(req), error, `${req.method} ${pathOf(req.url)}`);
        if (!res.headersSent) res.writeHead(500, json).end(JSON.stringify({ error: internalErrorMessage(id) }));
      });
    } else if (route === "trpc") {
      trpc(req, res);
    } else if (route === "artifacts") {
      serveArtifact(services, limiter, req, res).catch((error: unknown) => {
        // A download the client broke off is no failure of the daemon's.
        if (res.headersSent && (error as { code?: unknown }).code === "ERR_STREAM_PREMATURE_CLOSE") return void res.destroy();
        const id = logInternalError(requestLogger(req), error, `${req.method} ${pathOf(req.url)}`);
        if (!res.headersSent) res.writeHead(500, json).end(JSON.stringify({ error: internalErrorMessage(id) }));
        else res.destroy();
      });
    } else {
      res.writeHead(route === "root" ? 200 : 404, json).end(JSON.stringify({ name: "minima daemon", version: services.version, api: "/trpc", websocket: "/trpc" }));
    }
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handle) : http.createServer(handle);
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
  wss.on("connection", (socket, req) => traceConnection(socket, req, logger));
  const ws = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, res, info }) =>
      createContext(services, { caller: callerOf(req, info.connectionParams), logger: connectionLogger(req), socket: res as WebSocket }, limiter, sockets),
    onError: logInternalErrors(connectionLogger),
    keepAlive: { enabled: true, pingMs: 15_000, pongWaitMs: 5_000 },
    experimental_encoder: sharedPayloadEncoder(),
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  if (!isLoopback(host)) {
    if (!tls) logger.warn(insecureHttpWarning(`${shownHost}:${actualPort}`));
    await warnIfUnguarded(services, `${shownHost}:${actualPort}`, logger).catch((err: unknown) => logger.warn({ err }, "could not check the admin tokens"));
  }
  return {
    url: `${tls ? "https" : "http"}://${shownHost}:${actualPort}`,
    port: actualPort,
    setCertificate: (renewed) => {
      if (!(server instanceof https.Server)) throw new Error("The API serves plain HTTP: restart the daemon with --tls-cert and --tls-key to serve HTTPS.");
      server.setSecureContext({ cert: renewed.cert, key: renewed.key });
    },
    close: async () => {
      sockets.stop();
      ws.broadcastReconnectNotification();
      for (const client of wss.clients) client.close(1012, "daemon restarting");
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Beyond loopback anyone on the network can reach the API: say so, and say if nobody can administer it. */
async function warnIfUnguarded(services: Services, where: string, logger: Logger): Promise<void> {
  logger.info(`The API on ${where} is reachable from the network; every call but system.health, /healthz and /readyz needs a token.`);
  if (!(await adminTokenExists(services.db))) {
    logger.warn(
      "no enabled admin has a live token, so nobody can manage users or tokens. " +
        "Stop the daemon and run `minima token --user admin` (or against DATABASE_URL while it runs).",
    );
  }
}
