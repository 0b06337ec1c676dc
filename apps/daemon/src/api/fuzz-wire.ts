import http from "node:http";
import net from "node:net";
import WebSocket from "ws";

/**
 * The wire beneath the tRPC client, for fuzz.test.ts: requests sent as written (any method, any
 * path, any body), raw bytes on a socket, HTTP event streams (SSE) and WebSocket frames.
 */

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What in a body betrays the daemon's insides: SQL, its parameters, a stack trace. */
const LEAKS = [/\bselect\s/i, /\binsert\s/i, /\bupdate\s+"/i, /\$1\b/, /token_hash/i, /\bhash\b/i, /failed query/i, /\n\s+at\s/, /"stack"/];

/** The first leak pattern `text` matches, or null. */
export function leakIn(text: string): string | null {
  return LEAKS.find((pattern) => pattern.test(text))?.source ?? null;
}

/** One request exactly as given (no normalized path, no default headers); a string when the connection failed instead. */
export function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse | string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    let req: http.ClientRequest;
    try {
      req = http.request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on("error", (error) => resolve(`response broke off: ${error.message}`));
      });
    } catch (error) {
      return resolve(`not sendable: ${(error as Error).message}`);
    }
    req.setTimeout(10_000, () => req.destroy(new Error("no answer in 10 s")));
    req.on("error", (error) => resolve(`connection failed: ${error.message}`));
    req.end(body);
  });
}

/** Writes raw bytes to the daemon's port; its status line ("HTTP/1.1 400 Bad Request"), or "closed" when it hung up without one. */
export function rawBytes(base: string, bytes: Buffer): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(bytes));
    let head = "";
    socket.on("data", (chunk: Buffer) => (head += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(head.split("\r\n", 1)[0] || "closed"));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

export interface StreamEvent {
  event: string;
  data: string;
}

/**
 * A subscription over an HTTP event stream: its status and events, until an error or a data event
 * arrives, or `graceMs` after "connected" (an error that follows it must have come by then).
 */
export async function sseEvents(url: string, headers: Record<string, string>, graceMs: number): Promise<{ status: number; body: string; events: StreamEvent[] }> {
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(), 10_000);
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    clearTimeout(deadline);
    return { status: response.status, body: await response.text(), events: [] };
  }
  const events: StreamEvent[] = [];
  let text = "";
  try {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      for (let end = text.indexOf("\n\n"); end >= 0; end = text.indexOf("\n\n")) {
        const block = text.slice(0, end).split("\n");
        text = text.slice(end + 2);
        const field = (name: string) => block.filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trimStart()).join("\n");
        if (!block.some((line) => line.startsWith("data:"))) continue;
        const event = { event: field("event") || "message", data: field("data") };
        events.push(event);
        if (event.event === "connected") setTimeout(() => abort.abort(), graceMs);
        else if (event.event === "serialized-error" || event.event === "message") abort.abort();
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return { status: response.status, body: events.map((e) => e.data).join("\n"), events };
}

/**
 * Sends frames on a fresh WebSocket and collects what comes back until it is quiet for `quietMs`
 * or the daemon closes the connection (with `closeCode`).
 */
export function wsExchange(
  wsUrl: string,
  frames: ReadonlyArray<string | Buffer>,
  headers: Record<string, string>,
  quietMs = 150,
): Promise<{ messages: string[]; closeCode: number | null; error: string | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(wsUrl, { headers });
    const messages: string[] = [];
    let closeCode: number | null = null;
    let error: string | null = null;
    let quiet: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(quiet);
      clearTimeout(deadline);
      socket.removeAllListeners("close");
      socket.on("close", () => undefined);
      if (socket.readyState === WebSocket.OPEN) socket.close();
      resolve({ messages, closeCode, error });
    };
    const wait = () => {
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    };
    const deadline = setTimeout(done, 10_000);
    socket.on("open", () => {
      for (const frame of frames) socket.send(frame, { binary: typeof frame !== "string" });
      wait();
    });
    socket.on("message", (data: Buffer) => {
      messages.push(data.toString());
      wait();
    });
    socket.on("error", (cause) => (error = cause.message));
    socket.on("close", (code) => {
      closeCode = code;
      done();
    });
  });
}
