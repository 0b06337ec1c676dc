import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import http from "node:http";
import { WebSocketServer } from "ws";
import { createContext, tokenFrom, type Services } from "./context.ts";
import { appRouter } from "./router.ts";

export interface ApiServer {
  url: string;
  port: number;
  /** Tells WebSocket clients to reconnect, then closes every connection. */
  close(): Promise<void>;
}

/** tRPC over HTTP (`/trpc/*`) and WebSocket on one port. */
export async function startApiServer(services: Services, host: string, port: number, corsOrigin: string): Promise<ApiServer> {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    createContext: ({ req }) => createContext(services, tokenFrom(req.headers.authorization)),
  });
  const server = http.createServer((req, res) => {
    // The dashboard runs on another origin and sends a bearer token: no cookies, so CORS is safe.
    res.setHeader("Access-Control-Allow-Origin", corsOrigin);
    res.setHeader("Access-Control-Allow-Headers", "authorization, content-type, trpc-accept, x-trpc-source");
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (req.url?.startsWith("/trpc/")) {
      trpc(req, res);
      return;
    }
    res.writeHead(req.url === "/" ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify({ name: "minima daemon", version: services.version, api: "/trpc", websocket: "/trpc" }));
  });
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
  const wss = new WebSocketServer({ server, path: "/trpc", maxPayload: 1 << 20 });
  const ws = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, info }) => createContext(services, tokenFrom(req.headers.authorization, info.connectionParams)),
    keepAlive: { enabled: true, pingMs: 15_000, pongWaitMs: 5_000 },
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
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
