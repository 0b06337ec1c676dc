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
});

export type DaemonConfig = z.infer<typeof daemonConfigSchema>;

/** GPUs this host's runs can use: CUDA_VISIBLE_DEVICES if set, else what `nvidia-smi -L` lists. */
export function gpuCount(env: NodeJS.ProcessEnv = process.env): number {
  const visible = env.CUDA_VISIBLE_DEVICES;
  if (visible !== undefined) return visible.trim() === "" || visible.trim() === "-1" ? 0 : visible.split(",").length;
  try {
    return execFileSync("nvidia-smi", ["-L"], { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] })
      .split("\n")
      .filter((line) => line.startsWith("GPU ")).length;
  } catch {
    return 0;
  }
}

/**
 * One run per GPU: TensorFlow takes a whole GPU's memory per process. On a CPU host, one run
 * per two cores (each worker's TensorFlow uses several threads), at least one.
 */
export function defaultConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  return gpuCount(env) || Math.max(1, Math.floor(os.availableParallelism() / 2));
}

const seconds = (value: string | undefined, fallback: number) => (value === undefined || value === "" ? fallback : Math.round(Number(value) * 1000));

export function configFromEnv(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined> = {}): DaemonConfig {
  const dataDir = path.resolve(flags["data-dir"] ?? env.MINIMA_DATA_DIR ?? path.join(os.homedir(), ".minima"));
  const raw = {
    dataDir,
    host: flags.host ?? env.MINIMA_HOST ?? "127.0.0.1",
    port: Number(flags.port ?? env.MINIMA_PORT ?? 4000),
    databaseUrl: flags["database-url"] ?? (env.DATABASE_URL || undefined),
    concurrency: Number(flags.concurrency ?? env.MINIMA_CONCURRENCY ?? defaultConcurrency(env)),
    corsOrigin: flags["cors-origin"] ?? env.MINIMA_CORS_ORIGIN ?? "*",
    artifactsDir: path.resolve(env.MINIMA_ARTIFACTS_DIR || path.join(dataDir, "artifacts")),
    heartbeatMs: seconds(env.MINIMA_HEARTBEAT_SECONDS, 5000),
    heartbeatTimeoutMs: seconds(env.MINIMA_HEARTBEAT_TIMEOUT_SECONDS, 30_000),
    shutdownGraceMs: seconds(env.MINIMA_SHUTDOWN_GRACE_SECONDS, 60_000),
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
