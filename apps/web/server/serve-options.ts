import { plainHttpRefusal } from "@minima/daemon/exposure";
import { readTlsFiles, type TlsPems } from "@minima/daemon/tls-files";
import { parseArgs } from "node:util";
import { readServerEnv } from "../src/env.ts";

/** How the dashboard's server listens and where it forwards the daemon's routes. */
export interface ServeOptions {
  host: string;
  port: number;
  /** HTTPS with these PEMs; null: plain HTTP. */
  tls: TlsPems | null;
  /** The daemon `/trpc`, `/artifacts/` and the readiness check are forwarded to (MINIMA_DAEMON_URL). */
  daemonUrl: URL;
}

export const USAGE =
  "Usage: node serve.mjs [--host HOST] [--port PORT] [--tls-cert FILE --tls-key FILE] [--insecure-http]\n" +
  "  env: MINIMA_WEB_HOST, MINIMA_WEB_PORT, MINIMA_TLS_CERT, MINIMA_TLS_KEY, MINIMA_INSECURE_HTTP=1, MINIMA_DAEMON_URL";

/** The options of `serve.mjs` from its arguments and environment (flags win); throws a message a user can act on. */
export function readServeOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: "string" },
        port: { type: "string" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        "insecure-http": { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  const host = values.host ?? (env.MINIMA_WEB_HOST || "127.0.0.1");
  const portText = values.port ?? (env.MINIMA_WEB_PORT || "3000");
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`The dashboard's port must be a number from 0 to 65535; got "${portText}".`);
  const certFile = values["tls-cert"] ?? (env.MINIMA_TLS_CERT || undefined);
  const keyFile = values["tls-key"] ?? (env.MINIMA_TLS_KEY || undefined);
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new Error(`HTTPS needs both --tls-cert and --tls-key (MINIMA_TLS_CERT, MINIMA_TLS_KEY); got only ${certFile ? "--tls-cert" : "--tls-key"}.`);
  }
  const insecureHttp = values["insecure-http"] === true || env.MINIMA_INSECURE_HTTP === "1";
  const refusal = plainHttpRefusal(host, Boolean(certFile), insecureHttp, "the dashboard");
  if (refusal) throw new Error(refusal);
  const tls = certFile && keyFile ? readTlsFiles({ certFile, keyFile }, "dashboard") : null;
  return { host, port, tls, daemonUrl: new URL(readServerEnv(env).MINIMA_DAEMON_URL) };
}
