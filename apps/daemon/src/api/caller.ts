import type http from "node:http";
import { isPlausibleToken, tokenFrom, type Caller } from "./context.ts";
import { isLoopback } from "./exposure.ts";

/**
 * Who sent a request: the bearer token of its Authorization header or WebSocket connection params,
 * and its remote address. An implausible token is dropped here, as no token at all, so it never
 * reaches a query.
 */
export function callerOf(req: http.IncomingMessage, connectionParams?: Record<string, unknown> | null): Caller {
  const token = tokenFrom(req.headers.authorization, connectionParams);
  return { token: token !== null && isPlausibleToken(token) ? token : null, address: remoteAddressOf(req) };
}

/**
 * The address a request came from, through the proxies on this machine: the dashboard's server
 * (and nginx in front of it) forward every browser's calls from loopback, each appending the
 * address it saw to X-Forwarded-For. Hops on loopback are trusted to say who called them, so the
 * address is the right-most entry that is not loopback; anything further left was written by the
 * caller and proves nothing. Without this every dashboard user would be one address, and one
 * bad token every few seconds would shut the whole team out of the failed-token limiter.
 */
export function remoteAddressOf(req: http.IncomingMessage): string {
  let address = req.socket.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").map((hop) => hop.trim());
  while (isLoopback(address) && hops.length > 0) {
    const hop = hops.pop()!;
    if (hop !== "") address = hop.slice(0, 64);
  }
  return address;
}
