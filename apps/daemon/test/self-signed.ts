import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** A throwaway certificate for HTTPS tests, made with Debian's openssl. */
export interface SelfSigned {
  certFile: string;
  keyFile: string;
  certPem: string;
  /** base64 SHA-256 of the public key, for Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256: string;
}

/** The machine's first non-loopback IPv4 address: how another machine on its network reaches it. */
export function networkAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal);
  if (!found) throw new Error("This machine has no non-loopback IPv4 address to serve other machines on.");
  return found.address;
}

/**
 * A self-signed P-256 certificate valid for two days for `localhost`, 127.0.0.1 and `hosts`
 * (names or IP addresses), written to `dir` as cert.pem and key.pem.
 */
export function selfSignedCertificate(dir: string, hosts: readonly string[] = []): SelfSigned {
  const names = ["localhost", "127.0.0.1", ...hosts];
  const san = names.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(",");
  const certFile = path.join(dir, "cert.pem");
  const keyFile = path.join(dir, "key.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=minima test", "-addext", `subjectAltName=${san}`, "-keyout", keyFile, "-out", certFile],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const certPem = readFileSync(certFile, "utf8");
  const spki = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return { certFile, keyFile, certPem, spkiSha256: createHash("sha256").update(spki).digest("base64") };
}
