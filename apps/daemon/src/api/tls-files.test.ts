import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { selfSignedCertificate, type SelfSigned } from "../../test/self-signed.ts";
import { readTlsFiles } from "./tls-files.ts";

let dir: string;
let pair: SelfSigned;
let other: SelfSigned;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "minima-tls-files-test-"));
  pair = selfSignedCertificate(dir);
  mkdirSync(path.join(dir, "other"));
  other = selfSignedCertificate(path.join(dir, "other"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

test("a matching certificate and key are read, with the certificate's expiry", () => {
  const tls = readTlsFiles({ certFile: pair.certFile, keyFile: pair.keyFile });
  assert.equal(tls.cert, pair.certPem);
  assert.ok(tls.expiresAt.getTime() > Date.now() && tls.expiresAt.getTime() < Date.now() + 3 * 86_400_000);
});

test("a missing file is named with its flag", () => {
  const missing = path.join(dir, "nowhere", "cert.pem");
  assert.throws(() => readTlsFiles({ certFile: missing, keyFile: pair.keyFile }), {
    message: `Cannot read the TLS certificate ${missing} (--tls-cert, MINIMA_TLS_CERT): no such file. Give the path of a PEM file the daemon's user can read.`,
  });
  assert.throws(() => readTlsFiles({ certFile: pair.certFile, keyFile: missing }), /^Error: Cannot read the TLS private key .*nowhere\/cert\.pem \(--tls-key, MINIMA_TLS_KEY\): no such file/);
  assert.throws(() => readTlsFiles({ certFile: dir, keyFile: pair.keyFile }), /it is a directory/);
});

test("an unreadable key says permission denied", (t) => {
  if (process.getuid?.() === 0) return t.skip("root reads any file");
  const locked = file("locked.pem", readFileSync(pair.keyFile, "utf8"));
  chmodSync(locked, 0o000);
  assert.throws(() => readTlsFiles({ certFile: pair.certFile, keyFile: locked }), /locked\.pem \(--tls-key, MINIMA_TLS_KEY\): permission denied/);
});

test("files that are not PEM, or the wrong kind of PEM, say what was expected", () => {
  const junk = file("junk.pem", "not a certificate\n");
  assert.throws(() => readTlsFiles({ certFile: junk, keyFile: pair.keyFile }), /junk\.pem \(--tls-cert, MINIMA_TLS_CERT\) is not a PEM certificate: expected "-----BEGIN CERTIFICATE-----"/);
  assert.throws(() => readTlsFiles({ certFile: pair.keyFile, keyFile: pair.keyFile }), /key\.pem \(--tls-cert, MINIMA_TLS_CERT\) is not a PEM certificate/, "a key given as the certificate");
  assert.throws(() => readTlsFiles({ certFile: pair.certFile, keyFile: pair.certFile }), /cert\.pem \(--tls-key, MINIMA_TLS_KEY\) is not a PEM private key/, "the certificate given as the key");
  const der = file("cert.der", Buffer.from(pair.certPem.replace(/-----[^-]+-----|\s/g, ""), "base64").toString("latin1"));
  assert.throws(() => readTlsFiles({ certFile: der, keyFile: pair.keyFile }), /openssl x509 -inform der/);
  const encrypted = file("encrypted.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
  assert.throws(() => readTlsFiles({ certFile: pair.certFile, keyFile: encrypted }), /is encrypted with a passphrase the daemon cannot ask for: decrypt it with `openssl pkey/);
});

test("a key that does not belong to the certificate names both files", () => {
  assert.throws(() => readTlsFiles({ certFile: pair.certFile, keyFile: other.keyFile }), {
    message: new RegExp(`^The private key ${other.keyFile} \\(--tls-key, MINIMA_TLS_KEY\\) does not belong to the certificate ${pair.certFile} \\(--tls-cert, MINIMA_TLS_CERT\\)`),
  });
});
