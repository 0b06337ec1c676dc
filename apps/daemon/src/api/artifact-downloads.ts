import { findArtifact } from "@minima/db";
import { createReadStream, existsSync, statSync } from "node:fs";
import type http from "node:http";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { tarFolder } from "../artifacts/tar.ts";
import { callerOf } from "./caller.ts";
import { RateLimitedError, userOf, type Services } from "./context.ts";
import { pathOf } from "./http-routes.ts";
import type { FailedAuthLimiter } from "./rate-limit.ts";

// A run id in its canonical form (anything else would fail inside the query, not find nothing).
const ROUTE = /^\/artifacts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([\w.-]+)$/i;

/** Where `runs.artifacts` says an artifact downloads from, on the daemon's origin. */
export const artifactDownloadPath = (runId: string, name: string) => `/artifacts/${runId}/${name}`;

function refuse(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify({ error: message }));
}

/**
 * GET /artifacts/<runId>/<name> with `Authorization: Bearer <token>` (any role): the artifact's
 * bytes, a file as it is, a folder (a checkpoint) as `<name>.tar`. The server routes GET and HEAD here.
 */
export async function serveArtifact(services: Services, limiter: FailedAuthLimiter, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const match = ROUTE.exec(pathOf(req.url));
  if (!match) return refuse(res, 404, "Artifact downloads are /artifacts/<run id>/<artifact name>, as runs.artifacts lists them.");
  const [, runId, name] = match as unknown as [string, string, string];
  let user;
  try {
    user = await userOf(services, callerOf(req), limiter);
  } catch (error) {
    if (error instanceof RateLimitedError) return refuse(res, 429, error.message, { "retry-after": String(error.retryAfterS) });
    throw error;
  }
  if (!user) return refuse(res, 401, "Send a valid token: Authorization: Bearer <token> (minima token, or the daemon's first-start output).");
  const artifact = await findArtifact(services.db, runId, name);
  if (!artifact) return refuse(res, 404, `Run ${runId} has no artifact "${name}"; runs.artifacts lists what it has.`);
  const full = services.store.resolve(artifact.path);
  if (!existsSync(full)) {
    return refuse(res, 404, `"${name}" of run ${runId} is not on this daemon's disk (${artifact.path}); with several hosts, point MINIMA_ARTIFACTS_DIR at storage they all mount.`);
  }
  const folder = statSync(full).isDirectory();
  const file = folder ? `${name}.tar` : path.basename(full);
  res.writeHead(200, {
    "content-type": folder ? "application/x-tar" : file.endsWith(".json") ? "application/json" : "application/octet-stream",
    "content-disposition": `attachment; filename="${file}"`,
    ...(folder ? {} : { "content-length": String(statSync(full).size) }),
    "x-artifact-sha256": artifact.sha256,
  });
  if (req.method === "HEAD") return void res.end();
  await pipeline(folder ? tarFolder(full, name) : createReadStream(full), res);
}
