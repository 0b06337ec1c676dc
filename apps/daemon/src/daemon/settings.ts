import os from "node:os";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting of the daemon and of the dashboard's server, defined once: its flag and environment
 * variable, how its text is read (zod, from the string a flag or variable holds), its default, and
 * the line of help that `minima help daemon`, `serve.mjs --help` and the README's settings tables
 * are rendered from.
 */
export interface Setting<T> {
  /** `--flag`; absent for settings only the environment sets. */
  flag?: string;
  /** What the flag takes in help (`FILE`, `PORT`); absent for a switch. */
  arg?: string;
  env: string;
  group: SettingGroup;
  help: string;
  /** The default as help shows it. */
  shownDefault: string;
  /** Reads the flag's or variable's text. */
  schema: z.ZodType<T, string>;
  /** The value when neither the flag nor the variable is set (may depend on settings read before it). */
  fallback: (earlier: Readonly<Record<string, unknown>>) => T;
}

export const SETTING_GROUPS = ["Storage", "Network", "Runs", "Logs"] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

const text = z.string().trim().min(1);
const count = (name: string, max: number) =>
  text.regex(/^\d+$/, `${name} must be a whole number`).transform(Number).pipe(z.number().max(max, `${name} must be at most ${max}`));
/** Seconds (fractions allowed) as whole milliseconds. */
const seconds = (min: number) =>
  text
    .regex(/^\d+(\.\d+)?$/, "must be a number of seconds")
    .transform((s) => Math.round(Number(s) * 1000))
    .pipe(z.number().min(min * 1000, `must be at least ${min} s`));
const flag = z
  .string()
  .trim()
  .regex(/^(1|0|true|false|yes|no)?$/i, 'must be 1 or 0 (or "true"/"false")')
  .transform((s) => /^(1|true|yes)$/i.test(s));
const setting = <T>(s: Setting<T>) => s;

/** What `minima daemon` reads. */
export const DAEMON_SETTINGS = {
  dataDir: setting({
    flag: "data-dir",
    arg: "DIR",
    env: "MINIMA_DATA_DIR",
    group: "Storage",
    help: "Data directory: embedded database, artifacts",
    shownDefault: "~/.minima (npm start: .minima/)",
    schema: text.transform((p) => path.resolve(p)),
    fallback: () => path.join(os.homedir(), ".minima"),
  }),
  databaseUrl: setting<string | undefined>({
    flag: "database-url",
    arg: "URL",
    env: "DATABASE_URL",
    group: "Storage",
    help: "PostgreSQL server instead of the embedded database (several daemons share it)",
    shownDefault: "the embedded PGlite",
    schema: z.string().trim().pipe(z.union([z.literal("").transform(() => undefined), z.string().url("must be a postgres:// URL")])),
    fallback: () => undefined,
  }),
  artifactsDir: setting({
    env: "MINIMA_ARTIFACTS_DIR",
    group: "Storage",
    help: "Checkpoint store; with several hosts, a folder they all mount",
    shownDefault: "artifacts/ in the data directory",
    schema: text.transform((p) => path.resolve(p)),
    fallback: (earlier) => path.join(earlier.dataDir as string, "artifacts"),
  }),
  host: setting({
    flag: "host",
    arg: "HOST",
    env: "MINIMA_HOST",
    group: "Network",
    help: "Interface to listen on; beyond loopback it needs --tls-cert/--tls-key or --insecure-http",
    shownDefault: "127.0.0.1",
    schema: text,
    fallback: () => "127.0.0.1",
  }),
  port: setting({
    flag: "port",
    arg: "PORT",
    env: "MINIMA_PORT",
    group: "Network",
    help: "Port of the API (tRPC over HTTP and WebSocket at /trpc)",
    shownDefault: "4000",
    schema: count("the port", 65535),
    fallback: () => 4000,
  }),
  tlsCert: setting<string | undefined>({
    flag: "tls-cert",
    arg: "FILE",
    env: "MINIMA_TLS_CERT",
    group: "Network",
    help: "Serve HTTPS with this PEM certificate chain (and --tls-key)",
    shownDefault: "plain HTTP",
    schema: text.transform((p) => path.resolve(p)),
    fallback: () => undefined,
  }),
  tlsKey: setting<string | undefined>({
    flag: "tls-key",
    arg: "FILE",
    env: "MINIMA_TLS_KEY",
    group: "Network",
    help: "The certificate's PEM private key",
    shownDefault: "—",
    schema: text.transform((p) => path.resolve(p)),
    fallback: () => undefined,
  }),
  insecureHttp: setting({
    flag: "insecure-http",
    env: "MINIMA_INSECURE_HTTP",
    group: "Network",
    help: "Allow plain HTTP beyond loopback: tokens cross the network in clear text",
    shownDefault: "off",
    schema: flag,
    fallback: () => false,
  }),
  corsOrigin: setting({
    flag: "cors-origin",
    arg: "ORIGIN",
    env: "MINIMA_CORS_ORIGIN",
    group: "Network",
    help: "Browser origin allowed to call the API directly (tokens are bearer headers, never cookies)",
    shownDefault: "*",
    schema: text,
    fallback: () => "*",
  }),
  concurrency: setting<number | undefined>({
    flag: "concurrency",
    arg: "N",
    env: "MINIMA_CONCURRENCY",
    group: "Runs",
    help: "Runs at once on this host; 0 serves the API and trains nothing",
    shownDefault: "what fits on the GPUs (a GPU each, or shared by memory estimates, ≤ 8 a GPU), else cores / 2",
    schema: count("the concurrency", 64),
    // Decided by configFromEnv from the GPUs found.
    fallback: () => undefined,
  }),
  gpuMemoryGb: setting<number | undefined>({
    env: "MINIMA_GPU_MEMORY_GB",
    group: "Runs",
    help: "Each GPU's memory in GiB, where the driver cannot report it (CUDA_VISIBLE_DEVICES chooses the GPUs)",
    shownDefault: "from nvidia-smi",
    schema: text.transform(Number).pipe(z.number({ error: "must be a number of GiB" }).positive("must be a positive number of GiB")),
    fallback: () => undefined,
  }),
  heartbeatMs: setting({
    env: "MINIMA_HEARTBEAT_SECONDS",
    group: "Runs",
    help: "How often this daemon records that it is alive",
    shownDefault: "5",
    schema: seconds(0.1),
    fallback: () => 5000,
  }),
  heartbeatTimeoutMs: setting({
    env: "MINIMA_HEARTBEAT_TIMEOUT_SECONDS",
    group: "Runs",
    help: "Silence after which another daemon takes this one's runs back into the queue",
    shownDefault: "30",
    schema: seconds(1),
    fallback: () => 30_000,
  }),
  shutdownGraceMs: setting({
    env: "MINIMA_SHUTDOWN_GRACE_SECONDS",
    group: "Runs",
    help: "On SIGTERM, how long runs may train on to their next checkpoint before they are killed",
    shownDefault: "60",
    schema: seconds(0),
    fallback: () => 60_000,
  }),
  logFormat: setting<"pretty" | "json">({
    flag: "log-format",
    arg: "FORMAT",
    env: "MINIMA_LOG_FORMAT",
    group: "Logs",
    help: "Log format: pretty (for a terminal) or json (one object a line, for a log collector)",
    shownDefault: "pretty on a terminal, else json",
    schema: z.enum(["pretty", "json"]),
    fallback: () => (process.stdout.isTTY ? "pretty" : "json"),
  }),
  logLevel: setting<"trace" | "debug" | "info" | "warn" | "error" | "fatal">({
    flag: "log-level",
    arg: "LEVEL",
    env: "MINIMA_LOG_LEVEL",
    group: "Logs",
    help: "Log level: trace, debug (each request), info, warn, error or fatal",
    shownDefault: "info",
    schema: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]),
    fallback: () => "info",
  }),
};

/**
 * What the dashboard's server (apps/web/serve.mjs) reads. Under `npm start` it is the one that
 * faces the network, so it takes the TLS settings, and the daemon stays on loopback.
 */
export const DASHBOARD_SETTINGS = {
  host: setting({
    flag: "host",
    arg: "HOST",
    env: "MINIMA_WEB_HOST",
    group: "Network",
    help: "Interface the dashboard listens on; beyond loopback it needs --tls-cert/--tls-key or --insecure-http",
    shownDefault: "127.0.0.1",
    schema: text,
    fallback: () => "127.0.0.1",
  }),
  port: setting({
    flag: "port",
    arg: "PORT",
    env: "MINIMA_WEB_PORT",
    group: "Network",
    help: "Port of the dashboard, and of the API it forwards (/trpc, /artifacts/)",
    shownDefault: "3000",
    schema: count("the port", 65535),
    fallback: () => 3000,
  }),
  tlsCert: DAEMON_SETTINGS.tlsCert,
  tlsKey: DAEMON_SETTINGS.tlsKey,
  insecureHttp: DAEMON_SETTINGS.insecureHttp,
  daemonUrl: setting({
    env: "MINIMA_DAEMON_URL",
    group: "Network",
    help: "The daemon the dashboard forwards /trpc and /artifacts/ to (npm start sets it)",
    shownDefault: "http://127.0.0.1:4000",
    schema: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://127.0.0.1:4000" }).transform((u) => new URL(u)),
    fallback: () => new URL("http://127.0.0.1:4000"),
  }),
};

type Registry = Record<string, Setting<unknown>>;
export type SettingValues<R = typeof DAEMON_SETTINGS> = { [K in keyof R]: R[K] extends Setting<infer T> ? T : never };

/**
 * Reads every setting of `registry`: a flag wins over its environment variable, which wins over
 * the default. A value that does not read throws one error naming every bad flag or variable, and
 * where to read about them (`help`).
 */
export function readSettings<R extends Registry = typeof DAEMON_SETTINGS>(
  env: Readonly<Record<string, string | undefined>>,
  flags: Record<string, string | boolean | undefined>,
  registry: R = DAEMON_SETTINGS as unknown as R,
  help = "minima help daemon",
): SettingValues<R> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, s] of Object.entries(registry)) {
    const fromFlag = s.flag === undefined ? undefined : flags[s.flag];
    const raw = fromFlag === true ? "1" : fromFlag === false ? "0" : (fromFlag ?? (env[s.env] === "" ? undefined : env[s.env]));
    if (raw === undefined) {
      values[name] = s.fallback(values);
      continue;
    }
    const parsed = s.schema.safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    else problems.push(`${fromFlag !== undefined ? `--${s.flag}` : s.env} "${raw}": ${parsed.error.issues[0]!.message}`);
  }
  if (problems.length > 0) throw new Error(`Invalid settings: ${problems.join("; ")}. See \`${help}\`.`);
  return values as SettingValues<R>;
}

/** The parseArgs options of the settings that have a flag. */
export function settingOptions(settings: readonly Setting<unknown>[] = Object.values(DAEMON_SETTINGS)) {
  return Object.fromEntries(
    settings.flatMap((s) => (s.flag === undefined ? [] : [[s.flag, { type: s.arg === undefined ? ("boolean" as const) : ("string" as const) }]])),
  );
}

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines = [""];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1]!;
    if (last !== "" && last.length + 1 + word.length > width) lines.push(word);
    else lines[lines.length - 1] = last === "" ? word : `${last} ${word}`;
  }
  return lines;
}

/** Help lines for these settings, as `minima help <command>` shows them (100 columns). */
export function settingsHelp(settings: readonly Setting<unknown>[] = Object.values(DAEMON_SETTINGS)): string {
  const width = 22;
  const indent = `  ${"".padEnd(width)}`;
  const lines: string[] = [];
  for (const group of SETTING_GROUPS) {
    const inGroup = settings.filter((s) => s.group === group);
    if (inGroup.length === 0) continue;
    if (settings.length > 3) lines.push(`${group}:`);
    for (const s of inGroup) {
      const left = s.flag === undefined ? s.env : `--${s.flag}${s.arg ? ` ${s.arg}` : ""}`;
      const where = s.flag === undefined ? `default ${s.shownDefault}` : `${s.env}, default ${s.shownDefault}`;
      const [first = "", ...rest] = wrap(`${s.help} [${where}]`, 100 - indent.length);
      lines.push(left.length >= width ? `  ${left}\n${indent}${first}` : `  ${left.padEnd(width)}${first}`, ...rest.map((line) => indent + line));
    }
  }
  return lines.join("\n");
}

/** A settings table of the README, rendered from a registry. */
export function settingsTable(registry: Registry): string {
  const rows = Object.values(registry).map((s) => `| ${s.help} | ${s.flag ? `\`--${s.flag}\`` : ""} | \`${s.env}\` | ${s.shownDefault} |`);
  return ["| setting | flag | environment | default |", "|---|---|---|---|", ...rows].join("\n");
}
