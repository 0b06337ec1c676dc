import { ensureAdmin, findUser, issueToken, migrateDatabase, openDatabase } from "@minima/db";
import { configFromEnv } from "../daemon/config.ts";
import { lockDataDir } from "../daemon/data-dir-lock.ts";
import { DATA_HELP, DATA_OPTIONS, stringFlags, type Command } from "./command.ts";

export const tokenCommand: Command = {
  name: "token",
  usage: `Usage: minima token [--user NAME] [options]

  --user NAME           The user to issue a token for [default admin]
${DATA_HELP}`,
  options: { ...DATA_OPTIONS, user: { type: "string" } },
  run: (values) => runTokenCommand(stringFlags(values), typeof values.user === "string" ? values.user : "admin"),
};

/**
 * `minima token --user NAME`: issues a new token for a user straight in the database, for an
 * admin who lost theirs. With the embedded database the daemon must be stopped first.
 */
async function runTokenCommand(flags: Record<string, string | undefined>, userName: string): Promise<number> {
  const config = configFromEnv(process.env, flags);
  let lock: { release(): void } | null = null;
  try {
    if (!config.databaseUrl) lock = lockDataDir(config.dataDir, "minima token");
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrateDatabase(database);
      const created = await ensureAdmin(database.db);
      if (created && userName === "admin") {
        console.log(`MINIMA_TOKEN=${created.token}`);
        return 0;
      }
      const user = await findUser(database.db, userName);
      if (!user) {
        console.error(`minima token: no user "${userName}" in ${database.location}.`);
        return 1;
      }
      console.log(`MINIMA_TOKEN=${await issueToken(database.db, user.id, "issued by `minima token`")}`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    console.error(`minima token: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    lock?.release();
  }
}
