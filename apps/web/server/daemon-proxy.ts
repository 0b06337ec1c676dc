import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import { pipeline } from "node:stream";
import zlib from "node:zlib";
import { acceptsGzip, varyOnEncoding } from "./compression.ts";

/** The daemon's routes on the dashboard's origin: requests and WebSocket upgrades forwarded as they are. */
export interface DaemonProxy {
  /** The daemon's base URL as messages name it, without a trailing slash. */
  base: string;
  /** Forwards a request (method, headers, body streamed) and streams the daemon's answer back. */
  request(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** Forwards a WebSocket upgrade, then joins the two sockets: when either drops, so does the other. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** GETs `path` on the daemon: its status and (JSON) body, or null when it does not answer in `timeoutMs`. */
  probe(path: string, timeoutMs: number): Promise<{ status: number; body: unknown } | null>;
  /** Drops every joined WebSocket and idle connection (on shutdown). */
  close(): void;
}

export interface DaemonProxyOptions {
  /** The daemon's base URL (MINIMA_DAEMON_URL), http or https, with an optional path prefix. */
  target: URL;
  /** Whether browsers reach the dashboard over HTTPS (X-Forwarded-Proto). */
  https: boolean;
  /** Headers the dashboard sets on every answer itself: the daemon's of the same names are dropped. */
  ownHeaders: readonly string[];
  /** A daemon that cannot be reached within this long counts as not answering (default 10 s). */
  connectTimeoutMs?: number;
  log: (message: string) => void;
}

// Headers about one connection, not the message (RFC 9110 §7.6.1): never forwarded.
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization"];

function withoutHopByHop(headers: http.IncomingHttpHeaders, drop: readonly string[] = []): http.OutgoingHttpHeaders {
  const named = String(headers.connection ?? "").split(",").map((token) => token.trim().toLowerCase());
  const dropped = new Set([...HOP_BY_HOP, ...named, ...drop.map((name) => name.toLowerCase())]);
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !dropped.has(name)));
}

/** A response head written straight to a socket (the WebSocket path has no ServerResponse). */
function rawHead(status: number, message: string, headers: http.OutgoingHttpHeaders): string {
  const lines = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${String(v)}`));
  return `HTTP/1.1 ${status} ${message}\r\n${lines.join("\r\n")}\r\n\r\n`;
}

const TLS_TRUST = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/;

/** Answers smaller than this go out as they are: gzip would save too little to pay for itself. */
const GZIP_FROM_BYTES = 1024;

/**
 * Whether the daemon's answer goes to the browser gzipped: JSON (queries' results: an experiment
 * of 1,000 runs is ≈0.5 MB, fetched again as its runs change; a tenth of that gzipped, for a team
 * on the other end of a network), to a browser that takes gzip, not already encoded, not tiny.
 */
function gzipsAnswer(req: http.IncomingMessage, answer: http.IncomingMessage): boolean {
  const length = answer.headers["content-length"];
  return (
    acceptsGzip(req) &&
    req.method !== "HEAD" &&
    answer.statusCode !== 204 &&
    answer.statusCode !== 304 &&
    answer.headers["content-encoding"] === undefined &&
    /^application\/json\b/i.test(answer.headers["content-type"] ?? "") &&
    (length === undefined || Number(length) >= GZIP_FROM_BYTES)
  );
}

export function createDaemonProxy(options: DaemonProxyOptions): DaemonProxy {
  const { target, log } = options;
  const base = `${target.origin}${target.pathname.replace(/\/+$/, "")}`;
  const client = target.protocol === "https:" ? https : http;
  const agent = new client.Agent({ keepAlive: true });
  const tunnels = new Set<Duplex>();
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;

  /** What the browser is told when the daemon cannot be reached (the log gets the cause). */
  const unreachable = (error: NodeJS.ErrnoException): string => {
    log(`dashboard → daemon at ${base}: ${error.code ?? error.message}`);
    if (TLS_TRUST.test(error.code ?? "")) {
      return `The daemon at ${base} presented a certificate the dashboard does not trust (${error.code}); start the dashboard with NODE_EXTRA_CA_CERTS=<the CA's PEM>.`;
    }
    return `The daemon at ${base} is not answering; is it running?`;
  };

  function forwardedHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
    const headers = withoutHopByHop(req.headers);
    const prior = req.headers["x-forwarded-for"];
    const remote = req.socket.remoteAddress ?? "unknown";
    return {
      ...headers,
      host: target.host,
      // The daemon sees the dashboard as its peer; the right-most entry is the browser's address as the dashboard saw it.
      "x-forwarded-for": prior ? `${String(prior)}, ${remote}` : remote,
      "x-forwarded-proto": options.https ? "https" : "http",
      "x-forwarded-host": req.headers.host ?? target.host,
    };
  }

  function send(req: http.IncomingMessage, headers: http.OutgoingHttpHeaders, pooled: boolean): http.ClientRequest {
    const upstream = client.request(`${base}${req.url ?? "/"}`, { method: req.method, headers, agent: pooled ? agent : false });
    upstream.on("socket", (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => upstream.destroy(Object.assign(new Error("no connection"), { code: "ETIMEDOUT" })), connectTimeoutMs);
      socket.once("connect", () => clearTimeout(timer));
      socket.once("close", () => clearTimeout(timer));
    });
    return upstream;
  }

  function request(req: http.IncomingMessage, res: http.ServerResponse): void {
    const upstream = send(req, forwardedHeaders(req), true);
    upstream.on("response", (answer) => {
      const headers = withoutHopByHop(answer.headers, options.ownHeaders);
      if (!gzipsAnswer(req, answer)) {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
        // Streamed both ways: a daemon that dies mid-answer breaks the browser's, and a browser that leaves stops the daemon's.
        return void pipeline(answer, res, () => undefined);
      }
      delete headers["content-length"];
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, { ...headers, "content-encoding": "gzip", vary: varyOnEncoding(headers.vary) });
      // Level 1: most of the saving for a fraction of the time. Each chunk is flushed as it comes, so a streamed answer still streams.
      pipeline(answer, zlib.createGzip({ level: 1, flush: zlib.constants.Z_SYNC_FLUSH }), res, () => undefined);
    });
    let browserLeft = false;
    upstream.on("error", (error) => {
      // A browser that left first (a navigation, a cancelled query) broke this call off: nothing to tell, nothing wrong with the daemon.
      if (browserLeft) return;
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ error: unreachable(error) }));
    });
    res.on("close", () => {
      if (res.writableFinished) return;
      browserLeft = true;
      upstream.destroy();
    });
    req.on("error", () => upstream.destroy());
    req.pipe(upstream);
  }

  function join(browser: Duplex, daemon: Duplex): void {
    tunnels.add(browser);
    const drop = () => {
      tunnels.delete(browser);
      browser.destroy();
      daemon.destroy();
    };
    for (const socket of [browser, daemon]) {
      socket.on("error", drop);
      socket.on("close", drop);
    }
    browser.pipe(daemon);
    daemon.pipe(browser);
  }

  function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const headers = { ...forwardedHeaders(req), connection: "upgrade", upgrade: req.headers.upgrade ?? "websocket" };
    const upstream = send(req, headers, false);
    const leftEarly = () => upstream.destroy();
    socket.once("close", leftEarly);
    socket.on("error", leftEarly);
    upstream.on("upgrade", (answer, daemon, daemonHead) => {
      socket.off("close", leftEarly);
      socket.write(rawHead(101, answer.statusMessage ?? "Switching Protocols", { ...withoutHopByHop(answer.headers), connection: "upgrade", upgrade: answer.headers.upgrade }));
      if (daemonHead.length > 0) socket.write(daemonHead);
      if (head.length > 0) daemon.write(head);
      join(socket, daemon);
    });
    // The daemon refused the upgrade (401, 404…): its answer goes back as it is, then the socket closes.
    upstream.on("response", (answer) => {
      socket.write(rawHead(answer.statusCode ?? 502, answer.statusMessage ?? "", { ...withoutHopByHop(answer.headers, options.ownHeaders), connection: "close" }));
      pipeline(answer, socket, () => undefined);
    });
    upstream.on("error", (error) => {
      if (!socket.writable) return void socket.destroy();
      const body = JSON.stringify({ error: unreachable(error) });
      socket.end(rawHead(502, "Bad Gateway", { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" }) + body);
    });
    upstream.end();
  }

  function probe(path: string, timeoutMs: number): Promise<{ status: number; body: unknown } | null> {
    return new Promise((resolve) => {
      const asked = client.get(`${base}${path}`, { agent, headers: { host: target.host }, timeout: timeoutMs }, (answer) => {
        let text = "";
        answer.setEncoding("utf8");
        answer.on("data", (chunk: string) => (text = (text + chunk).slice(0, 65_536)));
        answer.on("end", () => resolve({ status: answer.statusCode ?? 0, body: parseJson(text) }));
        answer.on("error", () => resolve(null));
      });
      asked.on("timeout", () => asked.destroy());
      asked.on("error", () => resolve(null));
    });
  }

  return {
    base,
    request,
    upgrade,
    probe,
    close() {
      for (const socket of tunnels) socket.destroy();
      agent.destroy();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
