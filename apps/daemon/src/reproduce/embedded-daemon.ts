import { findUser, issueToken } from "@minima/db";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { configFromEnv } from "../daemon/config.ts";
import { createLogger, silentLogger } from "../daemon/logger.ts";
import { startDaemon } from "../daemon/start-daemon.ts";

export interface EmbeddedDaemon {
  client: MinimaClient;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** A week: long enough for the cpu profile, short enough that forgotten tokens lapse. */
const TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/**
 * A daemon in this process on the data directory (flags as `minima daemon` takes them, on a free
 * port), with a client signed in as admin. The admin's token is shown only on a first start, so
 * later starts issue a short-lived one straight in the database the daemon just opened. Its log
 * is written (as `minima daemon` writes it: --log-format, --log-level) only when `verbose`.
 */
export async function startEmbeddedDaemon(flags: Record<string, string | undefined>, verbose = false): Promise<EmbeddedDaemon> {
  const config = configFromEnv(process.env, { ...flags, port: "0" });
  const daemon = await startDaemon(config, verbose ? createLogger(config) : silentLogger());
  try {
    let token = daemon.adminToken;
    if (!token) {
      const admin = await findUser(daemon.database.db, "admin");
      if (!admin) throw new Error(`The database in ${config.dataDir} has no user "admin" to run the experiments as.`);
      token = await issueToken(daemon.database.db, admin.id, "minima reproduce (embedded daemon)", new Date(Date.now() + TOKEN_LIFETIME_MS));
    }
    const client = createMinimaClient({ url: daemon.url, token });
    return {
      client,
      url: daemon.url,
      dataDir: config.dataDir,
      stop: async () => {
        await client.close();
        await daemon.stop();
      },
    };
  } catch (error) {
    await daemon.stop();
    throw error;
  }
}
