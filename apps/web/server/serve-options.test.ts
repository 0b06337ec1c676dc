import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { selfSignedCertificate } from "../../daemon/test/self-signed.ts";
import { readServeOptions } from "./serve-options.ts";

const dir = mkdtempSync(path.join(tmpdir(), "minima-serve-options-"));
after(() => rmSync(dir, { recursive: true, force: true }));

void test("serve.mjs refuses 0.0.0.0 over plain HTTP, naming TLS, a reverse proxy and --insecure-http, before Next starts", () => {
  const serve = spawnSync(process.execPath, ["serve.mjs", "--host", "0.0.0.0", "--port", "0"], { cwd: path.resolve(import.meta.dirname, ".."), encoding: "utf8", timeout: 30_000 });
  assert.equal(serve.status, 1, serve.stderr);
  assert.match(serve.stderr, /Refusing to serve the dashboard on 0\.0\.0\.0 over plain HTTP/);
  assert.match(serve.stderr, /--tls-cert <cert\.pem> --tls-key <key\.pem> \(MINIMA_TLS_CERT, MINIMA_TLS_KEY\)/);
  assert.match(serve.stderr, /reverse proxy/);
  assert.match(serve.stderr, /--insecure-http \(MINIMA_INSECURE_HTTP=1\)/);
  assert.doesNotMatch(serve.stdout, /listening/);
});

void test("--insecure-http, MINIMA_INSECURE_HTTP=1 or a certificate let it listen beyond loopback", () => {
  assert.equal(readServeOptions(["--host", "::", "--insecure-http"], {}).tls, null);
  assert.equal(readServeOptions([], { MINIMA_WEB_HOST: "0.0.0.0", MINIMA_INSECURE_HTTP: "1" }).host, "0.0.0.0");
  const pair = selfSignedCertificate(dir);
  const options = readServeOptions(["--host", "0.0.0.0", "--port", "8443"], { MINIMA_TLS_CERT: pair.certFile, MINIMA_TLS_KEY: pair.keyFile, MINIMA_DAEMON_URL: "https://gpu-3:4000" });
  assert.equal(options.tls?.cert, pair.certPem);
  assert.equal(options.port, 8443);
  assert.equal(options.daemonUrl.href, "https://gpu-3:4000/");
  assert.throws(() => readServeOptions(["--host", "10.1.2.3"], {}), /Refusing to serve the dashboard on 10\.1\.2\.3/);
});

void test("TLS files that cannot serve: a missing file, half a pair, a key of another certificate", () => {
  const first = selfSignedCertificate(mkdirSync(path.join(dir, "a"), { recursive: true })!);
  const second = selfSignedCertificate(mkdirSync(path.join(dir, "b"), { recursive: true })!);
  assert.throws(() => readServeOptions(["--tls-cert", path.join(dir, "nope.pem"), "--tls-key", first.keyFile], {}), /Cannot read the TLS certificate .*nope\.pem \(--tls-cert, MINIMA_TLS_CERT\): no such file/);
  assert.throws(() => readServeOptions(["--tls-cert", first.certFile], {}), /HTTPS needs both --tls-cert and --tls-key .*got only --tls-cert/);
  assert.throws(() => readServeOptions(["--tls-cert", first.certFile, "--tls-key", second.keyFile], {}), /does not belong to the certificate/);
  assert.throws(() => readServeOptions(["--tls-cert", first.keyFile, "--tls-key", first.keyFile], {}), /is not a PEM certificate/);
  assert.throws(() => readServeOptions([], { MINIMA_DAEMON_URL: "gpu-3:4000" }), /MINIMA_DAEMON_URL/);
});

void test("--dev asks for Next's development server; without it, the build is served", () => {
  assert.equal(readServeOptions(["--dev"], {}).dev, true);
  assert.equal(readServeOptions(["--port", "3001"], {}).dev, false);
  const help = spawnSync(process.execPath, ["serve.mjs", "--help"], { cwd: path.resolve(import.meta.dirname, ".."), encoding: "utf8", timeout: 30_000 });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--dev\s+Next's development server/);
});
