import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/** The PEM certificate chain and private key a server (the daemon's API, the dashboard) serves HTTPS with. */
export interface TlsPems {
  cert: string;
  key: string;
  /** When the certificate expires (its notAfter), for a warning before clients refuse it. */
  expiresAt: Date;
}

const CERT_FLAG = "--tls-cert, MINIMA_TLS_CERT";
const KEY_FLAG = "--tls-key, MINIMA_TLS_KEY";

const reasons: Record<string, string> = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "it is a directory" };

function readPem(file: string, what: string, flag: string, server: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new Error(`Cannot read the TLS ${what} ${file} (${flag}): ${reasons[code] ?? (error as Error).message}. Give the path of a PEM file the ${server}'s user can read.`);
  }
}

function certificateOf(pem: string, file: string): X509Certificate {
  try {
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("no certificate block");
    return new X509Certificate(pem);
  } catch {
    throw new Error(
      `${file} (${CERT_FLAG}) is not a PEM certificate: expected "-----BEGIN CERTIFICATE-----", this server's certificate first, then any intermediates. ` +
        "A DER certificate converts with `openssl x509 -inform der -in <file> -out cert.pem`.",
    );
  }
}

function privateKeyOf(pem: string, file: string, server: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new Error(`${file} (${KEY_FLAG}) is encrypted with a passphrase the ${server} cannot ask for: decrypt it with \`openssl pkey -in ${file} -out key.pem\` and let only the ${server}'s user read that file.`);
  }
  try {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new Error("no private key block");
    return createPrivateKey(pem);
  } catch {
    throw new Error(`${file} (${KEY_FLAG}) is not a PEM private key: expected "-----BEGIN PRIVATE KEY-----" (or RSA/EC PRIVATE KEY).`);
  }
}

/**
 * Reads and checks the certificate and key files, so a wrong one stops the server (named in the
 * messages: "daemon", "dashboard") with what to do instead of OpenSSL's "no start line" or "key
 * values mismatch" at its first connection.
 */
export function readTlsFiles(tls: { certFile: string; keyFile: string }, server = "daemon"): TlsPems {
  const cert = readPem(tls.certFile, "certificate", CERT_FLAG, server);
  const key = readPem(tls.keyFile, "private key", KEY_FLAG, server);
  const certificate = certificateOf(cert, tls.certFile);
  if (!certificate.checkPrivateKey(privateKeyOf(key, tls.keyFile, server))) {
    throw new Error(
      `The private key ${tls.keyFile} (${KEY_FLAG}) does not belong to the certificate ${tls.certFile} (${CERT_FLAG}): give the key made with that certificate ` +
        "(for a matching pair, `openssl x509 -noout -pubkey -in <cert>` and `openssl pkey -pubout -in <key>` print the same public key).",
    );
  }
  return { cert, key, expiresAt: new Date(certificate.validTo) };
}
