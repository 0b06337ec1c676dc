import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import type net from "node:net";
import { after, test } from "node:test";
import zlib from "node:zlib";
import { createDashboardServer } from "./dashboard-server.ts";

const closers: Array<() => void> = [];
after(() => closers.forEach((close) => close()));

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

async function listen<T extends net.Server>(server: T): Promise<T> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  closers.push(() => {
    server.close();
    if (server instanceof http.Server) server.closeAllConnections();
  });
  return server;
}

/** A dashboard whose pages all say "page", forwarding to `daemonUrl`; its base URL. */
async function dashboard(daemonUrl: string, log: (message: string) => void = () => undefined): Promise<string> {
  const { server, closeConnections } = createDashboardServer({
    tls: null,
    daemonUrl: new URL(daemonUrl),
    handle: (_req, res) => Promise.resolve(void res.end("page")),
    log,
  });
  await listen(server);
  closers.push(closeConnections);
  return `http://127.0.0.1:${portOf(server)}`;
}

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = await listen(http.createServer());
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A raw WebSocket-style upgrade through `base`: the 101 answer's socket, or the refusal. */
function upgradeThrough(
  base: string,
  headers: Record<string, string> = {},
  path = "/trpc?connectionParams=1",
): Promise<{ socket: net.Socket; answer: http.IncomingMessage } | { refused: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { headers: { connection: "upgrade", upgrade: "websocket", ...headers } });
    req.on("upgrade", (answer, socket, head) => {
      // Bytes that came with the 101 (the daemon's first message) are read from the socket like the rest.
      if (head.length > 0) socket.unshift(head);
      resolve({ socket, answer });
    });
    req.on("response", (refused) => resolve({ refused }));
    req.on("error", reject);
    req.end();
  });
}

const firstData = (socket: net.Socket) => once(socket, "data").then(([chunk]) => String(chunk));

test("requests reach the daemon with their method, path, body and headers, and its answer comes back", async () => {
  interface Seen {
    method: string | undefined;
    url: string | undefined;
    headers: http.IncomingHttpHeaders;
    body: string;
  }
  let seen: Seen | null = null;
  const daemon = await listen(
    http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen = { method: req.method, url: req.url, headers: req.headers, body };
        res.writeHead(200, { "content-type": "application/json", "x-frame-options": "SAMEORIGIN", "x-request-id": "r-1" }).end('{"ok":true}');
      });
    }),
  );
  const base = await dashboard(`http://127.0.0.1:${portOf(daemon)}/prefix/`);
  const response = await fetch(`${base}/trpc/runs.pause?batch=1`, {
    method: "POST",
    headers: { authorization: "Bearer mnm_x", "x-request-id": "r-1", "content-type": "application/json" },
    body: '{"id":"r9"}',
  });
  assert.equal(response.status, 200);
  assert.equal(await response.text(), '{"ok":true}');
  assert.equal(response.headers.get("x-request-id"), "r-1");
  assert.equal(response.headers.get("x-frame-options"), "DENY", "the dashboard's own security headers win over the daemon's");
  assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  assert.ok(seen);
  const { method, url, headers, body } = seen as Seen;
  assert.equal(method, "POST");
  assert.equal(url, "/prefix/trpc/runs.pause?batch=1");
  assert.equal(body, '{"id":"r9"}');
  assert.equal(headers.authorization, "Bearer mnm_x");
  assert.equal(headers["x-request-id"], "r-1");
  assert.equal(headers["x-forwarded-for"], "127.0.0.1");
  assert.equal(headers["x-forwarded-proto"], "http");
  assert.equal(headers["x-forwarded-host"], new URL(base).host);
  assert.equal(headers.host, `127.0.0.1:${portOf(daemon)}`);
});

test("a daemon that is down: 502 with a message naming it, for HTTP and the WebSocket alike", async () => {
  const port = await deadPort();
  const base = await dashboard(`http://127.0.0.1:${port}`);
  const error = `The daemon at http://127.0.0.1:${port} is not answering; is it running?`;
  const response = await fetch(`${base}/artifacts/r/boundary`);
  assert.equal(response.status, 502);
  assert.deepEqual(await response.json(), { error });
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  const upgraded = await upgradeThrough(base);
  assert.ok("refused" in upgraded);
  assert.equal(upgraded.refused.statusCode, 502);
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 503);
  assert.match(((await ready.json()) as { error: string }).error, /is not answering \/readyz/);
  assert.equal((await fetch(`${base}/healthz`)).status, 200, "the dashboard itself is healthy");
});

test("a WebSocket upgrade goes through: bytes flow both ways, and the daemon sees the token's headers", async () => {
  let upgradeHeaders: http.IncomingHttpHeaders = {};
  const daemon = await listen(http.createServer());
  daemon.on("upgrade", (req: http.IncomingMessage, socket: net.Socket) => {
    upgradeHeaders = req.headers;
    socket.write("HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n");
    socket.on("data", (chunk: Buffer) => socket.write(`echo:${chunk.toString()}`));
  });
  const base = await dashboard(`http://127.0.0.1:${portOf(daemon)}`);
  const upgraded = await upgradeThrough(base, { authorization: "Bearer mnm_x", origin: base });
  assert.ok("socket" in upgraded, "the upgrade was accepted");
  assert.equal(upgraded.answer.statusCode, 101);
  upgraded.socket.write("ping");
  assert.equal(await firstData(upgraded.socket), "echo:ping");
  assert.equal(upgradeHeaders.authorization, "Bearer mnm_x");
  assert.equal(upgradeHeaders.upgrade, "websocket");
  assert.equal(upgradeHeaders.origin, base);
  upgraded.socket.destroy();
});

test("a browser that drops its socket drops the daemon's: mid-download, mid-answer gzipped, and on a WebSocket", async () => {
  const daemonSide: Array<Promise<unknown>> = [];
  const daemon = await listen(
    http.createServer((req, res) => {
      daemonSide.push(once(res, "close"));
      const json = req.url?.startsWith("/trpc/");
      res.writeHead(200, { "content-type": json ? "application/json" : "application/octet-stream" });
      res.write(json ? '{"runs":[' : "first chunk; the rest never comes");
    }),
  );
  daemon.on("upgrade", (_req: http.IncomingMessage, socket: net.Socket) => {
    // The daemon reads the end of the stream (its HTTP server keeps a half-closed socket until it ends its own side).
    daemonSide.push(Promise.race([once(socket, "end"), once(socket, "close")]));
    socket.write("HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\nhello");
  });
  const base = await dashboard(`http://127.0.0.1:${portOf(daemon)}`);

  const download = http.get(`${base}/artifacts/r/checkpoint`);
  const [answer] = (await once(download, "response")) as [http.IncomingMessage];
  await once(answer, "data");
  download.destroy();
  const query = http.get(`${base}/trpc/experiments.get`, { headers: { "accept-encoding": "gzip" } });
  const [gzipped] = (await once(query, "response")) as [http.IncomingMessage];
  assert.equal(gzipped.headers["content-encoding"], "gzip");
  await once(gzipped, "data");
  query.destroy();
  const upgraded = await upgradeThrough(base);
  assert.ok("socket" in upgraded);
  assert.equal(await firstData(upgraded.socket), "hello");
  upgraded.socket.destroy();

  const within = (ms: number) => new Promise((_, reject) => setTimeout(() => reject(new Error(`the daemon's side was still open after ${ms} ms`)), ms).unref());
  await Promise.race([Promise.all(daemonSide), within(3000)]);
  assert.equal(daemonSide.length, 3);
});

test("a browser that leaves before the daemon answers cancels the call, and the log blames nobody; a daemon that fails is logged", async () => {
  const daemonSide: Array<Promise<unknown>> = [];
  const daemon = await listen(
    http.createServer((req, res) => {
      if (req.url === "/trpc/broken") return void req.socket.destroy();
      daemonSide.push(once(res, "close"));
      // A slow query: no answer before the browser leaves.
    }),
  );
  const logged: string[] = [];
  const base = await dashboard(`http://127.0.0.1:${portOf(daemon)}`, (line) => logged.push(line));

  const leaving = http.get(`${base}/trpc/runs.list`);
  leaving.on("error", () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 200));
  leaving.destroy();
  await Promise.race([Promise.all(daemonSide), new Promise((_, reject) => setTimeout(() => reject(new Error("the daemon's call stayed open")), 3000).unref())]);
  assert.equal(daemonSide.length, 1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(logged, [], "nothing went wrong between the dashboard and the daemon");

  const broken = await fetch(`${base}/trpc/broken`);
  assert.equal(broken.status, 502);
  assert.match(((await broken.json()) as { error: string }).error, /is not answering; is it running\?/);
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /dashboard → daemon at http:\/\/127\.0\.0\.1:\d+: ECONNRESET/);
});

test("a daemon that drops the WebSocket drops the browser's", async () => {
  const daemon = await listen(http.createServer());
  daemon.on("upgrade", (_req: http.IncomingMessage, socket: net.Socket) => {
    socket.write("HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n");
    setTimeout(() => socket.destroy(), 50);
  });
  const base = await dashboard(`http://127.0.0.1:${portOf(daemon)}`);
  const upgraded = await upgradeThrough(base);
  assert.ok("socket" in upgraded);
  await Promise.race([once(upgraded.socket, "close"), new Promise((_, reject) => setTimeout(() => reject(new Error("the browser's socket stayed open")), 3000).unref())]);
});

test("/readyz follows the daemon's /readyz; pages carry the security headers", async () => {
  let daemonReady = true;
  const daemon = await listen(http.createServer((req, res) => res.writeHead(req.url === "/readyz" && daemonReady ? 200 : 503).end('{"status":"x"}')));
  const base = await dashboard(`http://127.0.0.1:${portOf(daemon)}`);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  daemonReady = false;
  const notReady = await fetch(`${base}/readyz`);
  assert.equal(notReady.status, 503);
  assert.deepEqual(await notReady.json(), { status: "not ready", error: `The daemon at http://127.0.0.1:${portOf(daemon)} answered /readyz with 503.`, daemon: { status: "x" } });
  const page = await fetch(`${base}/runs/r9`);
  assert.equal(await page.text(), "page");
  assert.equal(page.headers.get("referrer-policy"), "no-referrer");
  assert.equal(page.headers.get("cross-origin-opener-policy"), "same-origin");
  assert.equal(page.headers.get("strict-transport-security"), null, "no HSTS over plain HTTP");
});

test("in development, an upgrade under /_next/ (hot reload) is Next's once Next listens for upgrades, and refused before", async () => {
  const { server, closeConnections } = createDashboardServer({
    tls: null,
    daemonUrl: new URL(`http://127.0.0.1:${await deadPort()}`),
    handle: (_req, res) => Promise.resolve(void res.end("page")),
    log: () => undefined,
    dev: true,
  });
  await listen(server);
  closers.push(closeConnections);
  const base = `http://127.0.0.1:${portOf(server)}`;
  const before = await upgradeThrough(base, {}, "/_next/hmr");
  assert.ok("refused" in before && before.refused.statusCode === 404, "nobody answers hot reload yet: the browser is told so and retries");
  // What Next's development server does at the first request it handles: listen for upgrades itself.
  server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket) => {
    if (req.url?.startsWith("/_next/")) socket.end("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\nnext");
  });
  const after = await upgradeThrough(base, {}, "/_next/hmr");
  assert.ok("socket" in after, "Next's listener answered, and the dashboard's left the socket alone");
  assert.equal(await firstData(after.socket), "next");
  after.socket.destroy();
});

test("the daemon's JSON goes to a browser that takes gzip gzipped, chunk by chunk as it comes; small answers, other types and other browsers get it as it is", async () => {
  const rows = JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: `run-${i}`, status: "queued", epochs: 40 })));
  let releaseRest!: () => void;
  const rest = new Promise<void>((resolve) => (releaseRest = resolve));
  const daemon = await listen(
    http.createServer((req, res) => {
      if (req.url === "/trpc/big") return void res.writeHead(200, { "content-type": "application/json" }).end(rows);
      if (req.url === "/trpc/small") return void res.writeHead(200, { "content-type": "application/json", "content-length": "11" }).end('{"ok":true}');
      if (req.url === "/artifacts/weights") return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(rows);
      // Streamed: the first half now, the rest once the test has seen the first.
      res.writeHead(200, { "content-type": "application/json" }).write(rows.slice(0, 5000));
      void rest.then(() => res.end(rows.slice(5000)));
    }),
  );
  const base = await dashboard(`http://127.0.0.1:${portOf(daemon)}`);
  const get = (path: string, acceptEncoding?: string) =>
    new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(`${base}${path}`, { headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } }, resolve).on("error", reject),
    );
  const body = async (answer: http.IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    return { bytes: bytes.length, text: (answer.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(bytes) : bytes).toString() };
  };

  const gzipped = await get("/trpc/big", "gzip, deflate, br");
  assert.equal(gzipped.headers["content-encoding"], "gzip");
  assert.match(String(gzipped.headers.vary), /accept-encoding/i);
  assert.equal(gzipped.headers["content-length"], undefined);
  const { bytes, text } = await body(gzipped);
  assert.equal(text, rows);
  assert.ok(bytes < rows.length / 5, `${rows.length} bytes of JSON went out as ${bytes}`);

  for (const [path, acceptEncoding] of [["/trpc/big", undefined], ["/trpc/big", "gzip;q=0, identity"], ["/trpc/small", "gzip"], ["/artifacts/weights", "gzip"]] as const) {
    const plain = await get(path, acceptEncoding);
    assert.equal(plain.headers["content-encoding"], undefined, `${path} with ${acceptEncoding ?? "no accept-encoding"}`);
    const expected = path === "/trpc/small" ? '{"ok":true}' : rows;
    assert.equal((await body(plain)).text, expected);
  }

  // The first half is readable before the daemon has written the rest.
  const streamed = await get("/trpc/stream", "gzip");
  const gunzip = streamed.pipe(zlib.createGunzip());
  let seen = "";
  for await (const chunk of gunzip) {
    seen += String(chunk);
    if (seen.length >= 5000) break;
  }
  assert.equal(seen, rows.slice(0, 5000));
  releaseRest();
  streamed.destroy();
});
