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
  /** Runs at once on this host. */
  concurrency: z.number().int().min(1).max(64),
  /** Origins allowed to call the API from a browser ("*" for any). */
  corsOrigin: z.string().min(1),
});

export type DaemonConfig = z.infer<typeof daemonConfigSchema>;

/** One run per two cores on a CPU host (each worker's TensorFlow uses several threads), at least one. */
export function defaultConcurrency(): number {
  return Math.max(1, Math.floor(os.availableParallelism() / 2));
}

export function configFromEnv(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined> = {}): DaemonConfig {
  const raw = {
    dataDir: path.resolve(flags["data-dir"] ?? env.MINIMA_DATA_DIR ?? path.join(os.homedir(), ".minima")),
    host: flags.host ?? env.MINIMA_HOST ?? "127.0.0.1",
    port: Number(flags.port ?? env.MINIMA_PORT ?? 4000),
    databaseUrl: flags["database-url"] ?? (env.DATABASE_URL || undefined),
    concurrency: Number(flags.concurrency ?? env.MINIMA_CONCURRENCY ?? defaultConcurrency()),
    corsOrigin: flags["cors-origin"] ?? env.MINIMA_CORS_ORIGIN ?? "*",
  };
  const parsed = daemonConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid daemon settings (${problems}). See \`minima help\`.`);
  }
  return parsed.data;
}
