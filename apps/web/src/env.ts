import { z } from "zod";

const serverEnvSchema = z.object({
  MINIMA_DAEMON_URL: z
    .url({ protocol: /^https?$/, error: "MINIMA_DAEMON_URL must be an http(s) URL such as http://127.0.0.1:4000" })
    .default("http://127.0.0.1:4000"),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

/**
 * The dashboard's runtime settings, read by its server (serve.mjs) when it starts (never inlined
 * at build time like NEXT_PUBLIC_*), so one build can point at any daemon: the server forwards
 * `/trpc` and `/artifacts/` there, and the browser only ever talks to the dashboard's origin.
 */
export function readServerEnv(env: Readonly<Record<string, string | undefined>> = process.env): ServerEnv {
  const parsed = serverEnvSchema.safeParse({ MINIMA_DAEMON_URL: env.MINIMA_DAEMON_URL || undefined });
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return parsed.data;
}
