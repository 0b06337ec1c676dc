import type http from "node:http";
import type { DaemonProxy } from "./daemon-proxy.ts";

/** How long the daemon's own /readyz may take before the dashboard counts as not ready. */
const DAEMON_ANSWER_MS = 3000;

const json = { "content-type": "application/json", "cache-control": "no-store" };

/**
 * GET /healthz: the dashboard serves. GET /readyz: it can do its work, that is the daemon behind
 * it answers its own /readyz with 200; else 503 with why (the daemon's report when it gave one).
 */
export async function serveHealth(route: "healthz" | "readyz", proxy: DaemonProxy, res: http.ServerResponse): Promise<void> {
  if (route === "healthz") return void res.writeHead(200, json).end(JSON.stringify({ status: "ok" }));
  const answer = await proxy.probe("/readyz", DAEMON_ANSWER_MS);
  if (answer?.status === 200) return void res.writeHead(200, json).end(JSON.stringify({ status: "ready" }));
  const error = answer
    ? `The daemon at ${proxy.base} answered /readyz with ${answer.status}.`
    : `The daemon at ${proxy.base} is not answering /readyz (within ${DAEMON_ANSWER_MS / 1000} s); is it running?`;
  res.writeHead(503, json).end(JSON.stringify({ status: "not ready", error, ...(answer ? { daemon: answer.body } : {}) }));
}
