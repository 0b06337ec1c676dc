import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { migrateDatabase, openDatabase, type Database } from "@minima/db";
import { selfSignedCertificate } from "../../test/self-signed.ts";
import { silentLogger } from "../daemon/logger.ts";
import type { Services } from "./context.ts";
import { rawRequest } from "./fuzz-wire.ts";
import { startApiServer } from "./server.ts";
import { readTlsFiles } from "./tls-files.ts";
import { idleServices } from "../../test/services.ts";

let dataDir: string;
let database: Database;
let services: Services;

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "minima-headers-test-"));
  database = await openDatabase({ dataDir });
  await migrateDatabase(database);
  services = idleServices(database.db, path.join(dataDir, "artifacts"), "headers-test");
});
after(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One answer of each kind the daemon gives: tRPC (200 and 401), an artifact refusal, 404, 405, a preflight, health. */
const requests: Array<[method: string, target: string, status: number]> = [
  ["GET", "/trpc/system.health", 200],
  ["GET", "/trpc/runs.list", 401],
  ["GET", `/artifacts/${randomUUID()}/weights.json`, 401],
  ["GET", "/nowhere", 404],
  ["DELETE", "/trpc/system.health", 405],
  ["OPTIONS", "/trpc/system.health", 204],
  ["GET", "/healthz", 200],
  ["GET", "/readyz", 503],
];

function assertHeaders(headers: http.IncomingHttpHeaders, what: string, hsts: boolean): void {
  assert.equal(headers["x-content-type-options"], "nosniff", what);
  assert.equal(headers["referrer-policy"], "no-referrer", what);
  assert.equal(headers["cache-control"], "no-store", what);
  assert.equal(headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'", what);
  assert.equal(headers["x-frame-options"], "DENY", what);
  assert.equal(headers["strict-transport-security"], hsts ? "max-age=31536000" : undefined, what);
  assert.equal(headers["access-control-allow-origin"], "*", `${what}: CORS as before`);
}

test("every answer over HTTP carries the security headers, and no Strict-Transport-Security", async () => {
  const api = await startApiServer(services, "127.0.0.1", 0, "*", { logger: silentLogger() });
  try {
    for (const [method, target, status] of requests) {
      const answer = await rawRequest(api.url, method, target);
      assert.ok(typeof answer !== "string", answer as string);
      assert.equal(answer.status, status, `${method} ${target}`);
      assertHeaders(answer.headers, `${method} ${target}`, false);
    }
  } finally {
    await api.close();
  }
});

test("over HTTPS the same answers add Strict-Transport-Security, and the URL is https://", async () => {
  const certDir = mkdtempSync(path.join(tmpdir(), "minima-headers-cert-"));
  const cert = selfSignedCertificate(certDir);
  const api = await startApiServer(services, "127.0.0.1", 0, "*", { logger: silentLogger(), tls: readTlsFiles(cert) });
  try {
    assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    for (const [method, target, status] of requests) {
      const answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
        https.request(`${api.url}${target}`, { method, ca: cert.certPem, agent: false }, (res) => resolve(res.resume())).on("error", reject).end();
      });
      assert.equal(answer.statusCode, status, `${method} ${target}`);
      assertHeaders(answer.headers, `${method} ${target}`, true);
    }
  } finally {
    await api.close();
    rmSync(certDir, { recursive: true, force: true });
  }
});
