import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import type net from "node:net";
import { after, test } from "node:test";
import vm from "node:vm";
import zlib from "node:zlib";
import { createDashboardServer } from "./dashboard-server.ts";
import { FALLBACK_MS, LOADER, ScriptDeferrer } from "./scripts-after-paint.ts";

// A page as Next writes it: its scripts preinit in the head, the bootstrap at the body's end, the
// legacy polyfill (nomodule) and inline payload scripts, which stay.
const PAGE = [
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/boot-1.js"/>',
  '<script src="/_next/static/chunks/react-dom.js" async=""></script><script src="/_next/static/chunks/turbopack-x.js" async=""></script>',
  '<title>minima — é</title><script src="/_next/static/chunks/poly.js" noModule=""></script></head>',
  '<body><header data-testid="app-header">minima</header><main class="page"><span class="skeleton-line"></span></main>',
  '<script id="_R_">requestAnimationFrame(function(){$RT=performance.now()});</script><script src="/_next/static/chunks/boot-1.js" async=""></script>',
  '</body></html><script>self.__next_f.push([1,"payload"])</script>',
  '<script src="/_next/static/chunks/late-2.js" async=""></script><div hidden>streamed later</div>',
].join("");
const SCRIPTS = ["/_next/static/chunks/react-dom.js", "/_next/static/chunks/turbopack-x.js", "/_next/static/chunks/boot-1.js", "/_next/static/chunks/late-2.js"];

/** The addresses the rewritten page queues, in order, and the page with its queueing scripts taken out. */
function read(html: string): { queued: string[]; rest: string; loaders: number } {
  const queued: string[] = [];
  let loaders = 0;
  const rest = html.replace(/<script>((?:(?!<\/script>)[\s\S])*?)__minimaScripts\((\[[^\]]*\])\);<\/script>/g, (_, loader: string, srcs: string) => {
    if (loader) {
      assert.equal(loader, LOADER);
      assert.equal(queued.length, 0, "the loader comes before the first call");
      loaders++;
    }
    queued.push(...(JSON.parse(srcs) as string[]));
    return "";
  });
  return { queued, rest, loaders };
}

const withoutNextScripts = PAGE.replace(/<script src="[^"]*" async=""><\/script>/g, "");

test("every script Next preinits is queued, the rest of the page unchanged, wherever the chunks are cut", () => {
  for (let cut = 0; cut <= PAGE.length; cut++) {
    for (const second of [cut, Math.min(PAGE.length, cut + 37)]) {
      const deferrer = new ScriptDeferrer();
      const html = deferrer.push(PAGE.slice(0, cut)) + deferrer.push(PAGE.slice(cut, second)) + deferrer.push(PAGE.slice(second)) + deferrer.end();
      const { queued, rest, loaders } = read(html);
      assert.deepEqual(queued, SCRIPTS, `cut at ${cut} and ${second}`);
      assert.equal(loaders, 1);
      assert.equal(rest, withoutNextScripts, `cut at ${cut} and ${second}`);
    }
  }
});

test("the scripts are queued after the body's content, so the browser parses the header and skeleton before any script", () => {
  const deferrer = new ScriptDeferrer();
  const html = deferrer.push(PAGE) + deferrer.end();
  const loader = html.indexOf(`<script>${LOADER}`);
  assert.ok(loader > html.indexOf("</main>"));
  assert.ok(html.indexOf("<script>") > html.indexOf("</main>"), "no script to run before the header and skeleton");
});

test("a page without Next's scripts, and scripts of any other form, pass unchanged", () => {
  const other = '<html><head><script src="/_next/static/chunks/a.js" async="" crossorigin=""></script><script src="https://cdn.example/x.js" async=""></script><script src="/_next/static/chunks/a.js?x=1&amp;y" async=""></script></head></html>';
  const deferrer = new ScriptDeferrer();
  assert.equal(deferrer.push(other) + deferrer.end(), other);
});

/** The loader run against a browser's window and document as far as it uses them. */
function runLoader(page: { visible?: boolean; paintTiming?: boolean }) {
  const appended: string[] = [];
  const timers: Array<() => void> = [];
  let observer: ((list: { getEntriesByName: (name: string) => unknown[] }, self: { disconnect: () => void }) => void) | undefined;
  let disconnected = false;
  class PerformanceObserver {
    static supportedEntryTypes = page.paintTiming === false ? ["resource"] : ["paint", "resource"];
    constructor(callback: typeof observer) {
      observer = callback;
    }
    observe(options: object) {
      assert.deepEqual(JSON.parse(JSON.stringify(options)), { type: "paint", buffered: true }); // an object of the page's realm
    }
  }
  const window = {
    PerformanceObserver,
    setTimeout: (callback: () => void, ms: number) => {
      assert.equal(ms, FALLBACK_MS);
      timers.push(callback);
    },
    __minimaScripts: undefined as unknown as (srcs: string[]) => void,
  };
  const document = {
    visibilityState: page.visible === false ? "hidden" : "visible",
    createElement: () => ({ src: "", async: false }),
    head: { appendChild: (script: { src: string; async: boolean }) => (assert.equal(script.async, true), appended.push(script.src)) },
  };
  vm.runInNewContext(LOADER, { self: window, document });
  const paint = (name: string) => observer!({ getEntriesByName: (wanted) => (wanted === name ? [{}] : []) }, { disconnect: () => (disconnected = true) });
  return { appended, queue: (srcs: string[]) => window.__minimaScripts(srcs), paint, fallback: () => timers.forEach((run) => run()), disconnected: () => disconnected };
}

test("the loader holds the scripts until the first contentful paint, then loads each once", () => {
  const page = runLoader({});
  page.queue(["/a.js", "/b.js"]);
  page.paint("first-paint"); // a paint with nothing in it yet
  assert.deepEqual(page.appended, []);
  page.paint("first-contentful-paint");
  assert.deepEqual(page.appended, ["/a.js", "/b.js"]);
  assert.ok(page.disconnected());
  page.queue(["/c.js"]); // streamed after the paint: loaded at once
  page.fallback();
  assert.deepEqual(page.appended, ["/a.js", "/b.js", "/c.js"]);
});

test("the loader waits no longer than its fallback, and not at all for a hidden page or a browser without paint timing", () => {
  const slow = runLoader({});
  slow.queue(["/a.js"]);
  slow.fallback();
  assert.deepEqual(slow.appended, ["/a.js"]);
  for (const page of [runLoader({ visible: false }), runLoader({ paintTiming: false })]) {
    page.queue(["/a.js"]);
    assert.deepEqual(page.appended, ["/a.js"]);
  }
});

// Through the dashboard's server, with a handler that answers as Next does: headers, then flushHeaders, then the page in pieces.
const closers: Array<() => void> = [];
after(() => closers.forEach((close) => close()));

async function dashboardServing(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<string> {
  const { server, closeConnections } = createDashboardServer({
    tls: null,
    daemonUrl: new URL("http://127.0.0.1:9"),
    handle: (req, res) => Promise.resolve(answer(req, res)),
    log: () => undefined,
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  closers.push(() => {
    closeConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

const asNext = (seen: Array<string | undefined>) => (req: http.IncomingMessage, res: http.ServerResponse) => {
  seen.push(req.headers["accept-encoding"]);
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("vary", "rsc");
  res.flushHeaders();
  const bytes = Buffer.from(PAGE);
  // Cut inside a tag and inside the two bytes of "é".
  const cuts = [0, 150, bytes.indexOf(Buffer.from("é")) + 1, bytes.length - 40, bytes.length];
  for (let i = 1; i < cuts.length - 1; i++) res.write(new Uint8Array(bytes.subarray(cuts[i - 1], cuts[i])));
  res.end(bytes.subarray(cuts.at(-2)));
};

test("a page's HTML comes rewritten through the dashboard's server, gzipped here when the browser takes gzip", async () => {
  const seen: Array<string | undefined> = [];
  const base = await dashboardServing(asNext(seen));
  const zipped = await get(`${base}/`, { accept: "text/html,application/xhtml+xml", "accept-encoding": "gzip, deflate, br" });
  assert.equal(zipped.status, 200);
  assert.equal(zipped.headers["content-encoding"], "gzip");
  assert.equal(zipped.headers.vary, "rsc, Accept-Encoding");
  const unzipped = read(zlib.gunzipSync(zipped.body).toString("utf8"));
  assert.deepEqual(unzipped.queued, SCRIPTS);
  assert.equal(unzipped.rest, withoutNextScripts);

  const plain = await get(`${base}/`, { accept: "text/html" });
  assert.equal(plain.headers["content-encoding"], undefined);
  assert.equal(read(plain.body.toString("utf8")).rest, withoutNextScripts);
  assert.deepEqual(seen, [undefined, undefined], "Next is asked for it uncompressed");
});

test("what is not a page's document passes as the handler writes it: RSC payloads and other types", async () => {
  const seen: Array<string | undefined> = [];
  const base = await dashboardServing(asNext(seen));
  const rsc = await get(`${base}/`, { accept: "text/html", rsc: "1", "accept-encoding": "gzip" });
  assert.equal(rsc.body.toString("utf8"), PAGE);
  const script = await get(`${base}/`, { accept: "*/*", "accept-encoding": "gzip" });
  assert.equal(script.body.toString("utf8"), PAGE);
  assert.deepEqual(seen, ["gzip", "gzip"], "Next compresses those itself");

  const json = await dashboardServing((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.setHeader("content-length", "2");
    res.end("{}");
  });
  const other = await get(`${json}/`, { accept: "text/html", "accept-encoding": "gzip" });
  assert.equal(other.body.toString("utf8"), "{}");
  assert.equal(other.headers["content-length"], "2");
});
