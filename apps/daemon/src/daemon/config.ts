import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

/** Everything a daemon needs to start; CLI flags override the MINIMA_* environment. */
export const daemonConfigSchema = z.object({
  dataDir: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  /** PostgreSQL server for several daemons; unset: the embedded PGlite in dataDir. */
  databaseUrl: z.string().url().optional(),
  /** Runs at once on this host; 0: serve the API and run nothing (a front for other hosts). */
  concurrency: z.number().int().min(0).max(64),
  /** The GPUs runs are placed on; empty on a CPU host. */
  gpus: z.array(z.object({ id: z.string().min(1), memoryMb: z.number().int().positive().nullable() })),
  /** Origins allowed to call the API from a browser ("*" for any). */
  corsOrigin: z.string().min(1),
  /** Run artifacts (checkpoints, rasters); with several hosts, a folder they all mount. */
  artifactsDir: z.string().min(1),
  /** How often this daemon records that it is alive. */
  heartbeatMs: z.number().int().min(100),
  /** A daemon silent this long is dead: any live daemon puts its runs back in the queue. */
  heartbeatTimeoutMs: z.number().int().min(1000),
  /** On SIGTERM, how long runs may take to reach their next checkpoint before they are killed. */
  shutdownGraceMs: z.number().int().min(0),
  /** HTTPS: the PEM certificate chain and private key files; null serves plain HTTP. */
  tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1) }).nullable(),
  /** Listen beyond loopback over plain HTTP (tokens cross the network in clear text). */
  insecureHttp: z.boolean(),
  /** Log lines: "pretty" for a terminal, "json" (one object a line) for a log collector. */
  logFormat: z.enum(["pretty", "json"]),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]),
});

export type DaemonConfig = z.infer<typeof daemonConfigSchema>;

/** A GPU runs are placed on: its id as CUDA_VISIBLE_DEVICES names it, and its memory if known. */
export interface Gpu {
  id: string;
  memoryMb: number | null;
}

/** What `nvidia-smi` reports of each GPU: index and total memory in MiB. Empty without a driver. */
function queryGpus(): Gpu[] {
  try {
    return execFileSync("nvidia-smi", ["--query-gpu=index,memory.total", "--format=csv,noheader,nounits"], { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] })
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const [id, memory] = line.split(",").map((part) => part.trim());
        return { id: id!, memoryMb: Number.isFinite(Number(memory)) ? Number(memory) : null };
      });
  } catch {
    return [];
  }
}

/**
 * The GPUs this host's runs can use: those CUDA_VISIBLE_DEVICES names if it is set, else every
 * GPU nvidia-smi lists. MINIMA_GPU_MEMORY_GB sets each one's memory where the driver cannot say.
 */
export function gpusOf(env: NodeJS.ProcessEnv = process.env): Gpu[] {
  const visible = env.CUDA_VISIBLE_DEVICES?.trim();
  const listed = visible === undefined || (visible !== "" && visible !== "-1") ? queryGpus() : [];
  const gpus = visible === undefined ? listed : visible === "" || visible === "-1" ? [] : visible.split(",").map((id) => listed.find((g) => g.id === id.trim()) ?? { id: id.trim(), memoryMb: null });
  const override = env.MINIMA_GPU_MEMORY_GB;
  if (override === undefined || override === "") return gpus;
  const memoryMb = Math.round(Number(override) * 1024);
  if (!(memoryMb > 0)) throw new Error(`MINIMA_GPU_MEMORY_GB must be a positive number of GiB; got "${override}".`);
  return gpus.map((g) => ({ ...g, memoryMb }));
}

/** With GPUs: at most this many runs share one, however small their memory estimates. */
export const RUNS_PER_GPU_CAP = 8;

/**
 * On a GPU host, what fits: a run without a memory estimate has a GPU to itself (TensorFlow
 * takes a whole GPU's memory per process), runs with estimates share one while their sum fits,
 * up to RUNS_PER_GPU_CAP each. On a CPU host, one run per two cores (each worker's TensorFlow
 * uses several threads), at least one.
 */
export function defaultConcurrency(gpus: readonly Gpu[]): number {
  return gpus.length > 0 ? gpus.length * RUNS_PER_GPU_CAP : Math.max(1, Math.floor(os.availableParallelism() / 2));
}

const seconds = (value: string | undefined, fallback: number) => (value === undefined || value === "" ? fallback : Math.round(Number(value) * 1000));

function tlsOf(certFile: string | undefined, keyFile: string | undefined): DaemonConfig["tls"] {
  if (!certFile && !keyFile) return null;
  if (!certFile || !keyFile) throw new Error("HTTPS needs both --tls-cert and --tls-key (MINIMA_TLS_CERT, MINIMA_TLS_KEY).");
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

export function configFromEnv(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined> = {}): DaemonConfig {
  const dataDir = path.resolve(flags["data-dir"] ?? env.MINIMA_DATA_DIR ?? path.join(os.homedir(), ".minima"));
  const gpus = gpusOf(env);
  const raw = {
    dataDir,
    gpus,
    host: flags.host ?? env.MINIMA_HOST ?? "127.0.0.1",
    port: Number(flags.port ?? env.MINIMA_PORT ?? 4000),
    databaseUrl: flags["database-url"] ?? (env.DATABASE_URL || undefined),
    concurrency: Number(flags.concurrency ?? env.MINIMA_CONCURRENCY ?? defaultConcurrency(gpus)),
    corsOrigin: flags["cors-origin"] ?? env.MINIMA_CORS_ORIGIN ?? "*",
    artifactsDir: path.resolve(env.MINIMA_ARTIFACTS_DIR || path.join(dataDir, "artifacts")),
    heartbeatMs: seconds(env.MINIMA_HEARTBEAT_SECONDS, 5000),
    heartbeatTimeoutMs: seconds(env.MINIMA_HEARTBEAT_TIMEOUT_SECONDS, 30_000),
    shutdownGraceMs: seconds(env.MINIMA_SHUTDOWN_GRACE_SECONDS, 60_000),
    tls: tlsOf(flags["tls-cert"] ?? env.MINIMA_TLS_CERT, flags["tls-key"] ?? env.MINIMA_TLS_KEY),
    insecureHttp: flags["insecure-http"] === "true" || env.MINIMA_INSECURE_HTTP === "1",
    logFormat: flags["log-format"] ?? env.MINIMA_LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json"),
    logLevel: flags["log-level"] ?? env.MINIMA_LOG_LEVEL ?? "info",
  };
  const parsed = daemonConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid daemon settings (${problems}). See \`minima help\`.`);
  }
  if (parsed.data.heartbeatTimeoutMs < 2 * parsed.data.heartbeatMs) {
    throw new Error(
      `MINIMA_HEARTBEAT_TIMEOUT_SECONDS (${parsed.data.heartbeatTimeoutMs / 1000}) must be at least twice MINIMA_HEARTBEAT_SECONDS (${parsed.data.heartbeatMs / 1000}), or live daemons would be taken for dead.`,
    );
  }
  return parsed.data;
}
