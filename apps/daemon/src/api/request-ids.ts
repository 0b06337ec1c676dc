import { randomBytes } from "node:crypto";
import type http from "node:http";
import type { Logger } from "../daemon/logger.ts";
import { pathOf } from "./http-routes.ts";

/**
 * What a caller's own x-request-id may be (a proxy's or a script's, to find its request in the
 * log); anything else (a newline, a kilobyte, markup) is replaced, never logged or echoed.
 */
const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const requestIds = new WeakMap<http.IncomingMessage, string>();
const connectionIds = new WeakMap<http.IncomingMessage, string>();

const newId = () => randomBytes(8).toString("hex");

/** A request's id: its x-request-id header when sane, else a new one; the same on every asking. */
export function requestIdOf(req: http.IncomingMessage): string {
  let id = requestIds.get(req);
  if (!id) {
    const given = req.headers["x-request-id"];
    id = typeof given === "string" && SANE_ID.test(given) ? given : newId();
    requestIds.set(req, id);
  }
  return id;
}

/** A WebSocket connection's id, by its upgrade request: always a new one, as clients may reuse a request id. */
export function connectionIdOf(req: http.IncomingMessage): string {
  let id = connectionIds.get(req);
  if (!id) {
    id = newId();
    connectionIds.set(req, id);
  }
  return id;
}

/**
 * Gives a request its id, echoed as the x-request-id response header, and logs it at debug once
 * it is answered or broken off: method, path without its query (a query's input can hold names
 * and ids the log has no need of), status and duration.
 */
export function traceRequest(req: http.IncomingMessage, res: http.ServerResponse, logger: Logger): void {
  const reqId = requestIdOf(req);
  res.setHeader("x-request-id", reqId);
  const started = performance.now();
  res.once("close", () => {
    const ms = Math.round(performance.now() - started);
    const fields = { reqId, method: req.method, path: pathOf(req.url), status: res.statusCode, ms };
    logger.debug(res.writableFinished ? fields : { ...fields, aborted: true }, `${req.method} ${fields.path} ${res.statusCode} ${ms} ms`);
  });
}

/** Logs a WebSocket connection's opening and closing at debug, under its connection id. */
export function traceConnection(socket: { once(event: "close", listener: (code: number) => void): unknown }, req: http.IncomingMessage, logger: Logger): void {
  const connId = connectionIdOf(req);
  logger.debug({ connId, path: pathOf(req.url) }, "WebSocket connection opened");
  socket.once("close", (code) => logger.debug({ connId, code }, "WebSocket connection closed"));
}
