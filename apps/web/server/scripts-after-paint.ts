import type http from "node:http";
import { StringDecoder } from "node:string_decoder";
import zlib from "node:zlib";
import { acceptsGzip, varyOnEncoding } from "./compression.ts";

/*
 * Next's pages ask for their scripts as <script async> tags (in the head, and the bootstrap at the
 * body's end), so a browser runs each the moment its cache hands it over: while it is still
 * laying out, rastering and presenting the page's first frame. On a small or busy machine the
 * header and skeleton then wait for the scripts (bench:web, from a new tab on this 2-core host:
 * ≈60 ms of ≈300). Next has no setting for it, so the dashboard's server rewrites its HTML: each
 * such tag becomes a call that queues the script, and the queue is loaded, async as before, once
 * the browser reports the page's first contentful paint; at once where it cannot report one or
 * the page is hidden (a background tab paints nothing), and after FALLBACK_MS at the latest.
 * Nothing else changes: async scripts already ran in whatever order they arrived.
 */

/** The latest a page's scripts wait for its first contentful paint. */
export const FALLBACK_MS = 1_000;

/** Defines `__minimaScripts(srcs)`: queues until the first contentful paint, then loads. */
export const LOADER = `(function (w, d) {
  var queue = [], started = false;
  function load(src) { var s = d.createElement("script"); s.src = src; s.async = true; d.head.appendChild(s); }
  function start() { if (!started) { started = true; queue.splice(0).forEach(load); } }
  w.__minimaScripts = function (srcs) { srcs.forEach(function (src) { if (started) load(src); else queue.push(src); }); };
  var types = (w.PerformanceObserver && w.PerformanceObserver.supportedEntryTypes) || [];
  if (d.visibilityState !== "visible" || types.indexOf("paint") < 0) return start();
  new w.PerformanceObserver(function (list, observer) {
    if (list.getEntriesByName("first-contentful-paint").length > 0) { observer.disconnect(); start(); }
  }).observe({ type: "paint", buffered: true });
  w.setTimeout(start, ${FALLBACK_MS});
})(self, document);`;

// Exactly what React writes for the scripts Next preinits (the attributes in this order, nothing
// else on the tag) with a path of Next's build: anything else is left as it is.
const NEXT_SCRIPT = /<script src="(\/_next\/static\/[\w./~-]+\.js)" async=""><\/script>/g;

/**
 * The rewrite of one HTML response, fed as it streams. A tag cut by a chunk's end waits for the
 * next chunk; the scripts found in one chunk become one inline script where the last of them was,
 * the first of all preceded by the loader. The last: Next's bootstrap follows the body's content,
 * and an inline script in the head would have the browser stop parsing there to run it (once the
 * stylesheet is in) and draw a first frame without the header and skeleton.
 */
export class ScriptDeferrer {
  private carried = "";
  private loaderWritten = false;

  push(text: string): string {
    const whole = this.carried + text;
    const cut = unfinishedTagAt(whole);
    this.carried = whole.slice(cut);
    return this.rewrite(whole.slice(0, cut));
  }

  end(): string {
    const rest = this.rewrite(this.carried);
    this.carried = "";
    return rest;
  }

  private rewrite(text: string): string {
    const srcs: string[] = [];
    let at = 0; // where the last tag was, in the text without the tags
    let removed = 0;
    const kept = text.replace(NEXT_SCRIPT, (tag: string, src: string, offset: number) => {
      at = offset - removed;
      removed += tag.length;
      srcs.push(src);
      return "";
    });
    if (srcs.length === 0) return text;
    const call = `__minimaScripts(${JSON.stringify(srcs)});`;
    const script = `<script>${this.loaderWritten ? "" : LOADER}${call}</script>`;
    this.loaderWritten = true;
    return kept.slice(0, at) + script + kept.slice(at);
  }
}

/** Where `text` stops being safe to rewrite: at a tag not yet closed, or a <script> element not yet ended. */
function unfinishedTagAt(text: string): number {
  const lastOpen = text.lastIndexOf("<");
  const lastScript = text.lastIndexOf("<script");
  if (lastScript >= 0 && !text.includes("</script>", lastScript)) return lastScript;
  if (lastOpen >= 0 && !text.includes(">", lastOpen)) return lastOpen;
  return text.length;
}

/** A request for a page's document (not Next's RSC payload for a client-side navigation). */
function asksForDocument(req: http.IncomingMessage): boolean {
  return (req.headers.accept ?? "").includes("text/html") && req.headers.rsc === undefined;
}

type Callback = (error?: Error | null) => void;

/** Where the rewritten HTML goes: straight to the response, or through gzip. */
interface Sink {
  write(text: string): boolean;
  end(callback?: () => void): void;
}

/**
 * Has a page's HTML answer hold Next's scripts until the first contentful paint (see above). Next
 * is asked for it uncompressed and it is gzipped here instead, when the browser accepts gzip;
 * every other answer (assets, RSC payloads, a 304) passes as Next writes it.
 */
export function holdScriptsUntilPaint(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== "GET" || !asksForDocument(req)) return;
  const gzipped = acceptsGzip(req);
  delete req.headers["accept-encoding"];

  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const flushHeaders = res.flushHeaders.bind(res);

  // Decided once Next has set its headers: when it flushes them, or at its first byte.
  let sink: Sink | null | undefined;
  const deferrer = new ScriptDeferrer();
  const decoder = new StringDecoder("utf8");
  const begin = (): Sink | null => {
    if (sink !== undefined) return sink;
    const html = String(res.getHeader("content-type") ?? "").startsWith("text/html");
    if (!html || res.headersSent || res.hasHeader("content-encoding") || res.statusCode === 204 || res.statusCode === 304) return (sink = null);
    res.removeHeader("content-length");
    res.setHeader("vary", varyOnEncoding(res.getHeader("vary")));
    if (!gzipped) return (sink = { write: (text) => write(text), end: (callback) => void end(callback) });
    res.setHeader("content-encoding", "gzip");
    // Flushed at every chunk, so Next's streamed HTML still reaches the browser piece by piece.
    const gzip = zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH });
    gzip.on("data", (bytes: Buffer) => write(bytes));
    return (sink = {
      // A page is small: its compressed bytes queue on the response rather than hold Next back.
      write: (text) => (gzip.write(text), true),
      end: (callback) => {
        gzip.once("end", () => end(callback));
        gzip.end();
      },
    });
  };

  res.flushHeaders = () => {
    begin();
    flushHeaders();
  };

  // write(chunk[, encoding][, callback]) and end([chunk][, encoding][, callback]), as Node takes them.
  const parse = (args: unknown[]) => {
    const callback = typeof args.at(-1) === "function" ? (args.pop() as Callback) : undefined;
    const [chunk, encoding = "utf8"] = args as [string | Uint8Array | null | undefined, BufferEncoding | undefined];
    return { chunk, encoding, callback };
  };
  const decode = (chunk: string | Uint8Array, encoding: BufferEncoding) => decoder.write(typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk);

  res.write = ((...args: unknown[]): boolean => {
    const out = begin();
    if (!out) return write(...args);
    const { chunk, encoding, callback } = parse(args);
    const ok = chunk === null || chunk === undefined ? true : out.write(deferrer.push(decode(chunk, encoding)));
    if (callback) process.nextTick(callback);
    return ok;
  }) as typeof res.write;

  res.end = ((...args: unknown[]): http.ServerResponse => {
    const out = begin();
    if (!out) return end(...args);
    const { chunk, encoding, callback } = parse(args);
    const last = chunk === null || chunk === undefined ? "" : deferrer.push(decode(chunk, encoding));
    out.write(last + deferrer.push(decoder.end()) + deferrer.end());
    out.end(callback);
    return res;
  }) as typeof res.end;
}
