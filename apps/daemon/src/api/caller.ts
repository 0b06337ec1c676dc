import type http from "node:http";
import { isPlausibleToken, tokenFrom, type Caller } from "./context.ts";

/**
 * Who sent a request: the bearer token of its Authorization header or WebSocket connection params,
 * and its remote address. An implausible token is dropped here, as no token at all, so it never
 * reaches a query.
 */
export function callerOf(req: http.IncomingMessage, connectionParams?: Record<string, unknown> | null): Caller {
  const token = tokenFrom(req.headers.authorization, connectionParams);
  return { token: token !== null && isPlausibleToken(token) ? token : null, address: req.socket.remoteAddress ?? "unknown" };
}
