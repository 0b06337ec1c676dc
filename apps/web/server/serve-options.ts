import { plainHttpRefusal } from "@minima/daemon/exposure";
import { readTlsFiles, type TlsPems } from "@minima/daemon/tls-files";
import { DASHBOARD_SETTINGS, readSettings, settingOptions, settingsHelp } from "@minima/daemon/settings";
import { parseArgs } from "node:util";

/** How the dashboard's server listens and where it forwards the daemon's routes. */
export interface ServeOptions {
  host: string;
  port: number;
  /** HTTPS with these PEMs; null: plain HTTP. */
  tls: TlsPems | null;
  /** The daemon `/trpc`, `/artifacts/` and the readiness check are forwarded to (MINIMA_DAEMON_URL). */
  daemonUrl: URL;
  /** `--dev`: Next's development server (pages compiled on request, reloaded on save) behind the same origin. */
  dev: boolean;
}

export const USAGE = `Usage: node serve.mjs [options]   (environment variable and default in brackets; a flag wins)

${settingsHelp(Object.values(DASHBOARD_SETTINGS))}
Working on the dashboard:
  --dev                 Next's development server instead of the build: pages compiled on request and
                        reloaded on save, /trpc and /artifacts/ forwarded the same way`;

/** The options of `serve.mjs` from its arguments and environment (flags win); throws a message a user can act on. */
export function readServeOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { ...settingOptions(Object.values(DASHBOARD_SETTINGS)), dev: { type: "boolean" } } }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  const { dev = false, ...flags } = values;
  const settings = readSettings(env, flags, DASHBOARD_SETTINGS, "node serve.mjs --help");
  const { host, port, tlsCert: certFile, tlsKey: keyFile, insecureHttp, daemonUrl } = settings;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new Error(`HTTPS needs both --tls-cert and --tls-key (MINIMA_TLS_CERT, MINIMA_TLS_KEY); got only ${certFile ? "--tls-cert" : "--tls-key"}.`);
  }
  const refusal = plainHttpRefusal(host, Boolean(certFile), insecureHttp, "the dashboard");
  if (refusal) throw new Error(refusal);
  const tls = certFile && keyFile ? readTlsFiles({ certFile, keyFile }, "dashboard") : null;
  return { host, port, tls, daemonUrl, dev };
}
