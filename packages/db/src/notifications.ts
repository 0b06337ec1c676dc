import pg from "pg";

export interface Listener {
  close(): Promise<void>;
}

/** Longest wait between two attempts to reopen a lost LISTEN connection. */
const LONGEST_WAIT_MS = 5000;

/**
 * LISTENs on a PostgreSQL channel over a connection of its own (a pooled one would be handed
 * back and lose the LISTEN). A dropped connection is reopened, waiting longer after each failed
 * attempt; `onProblem` hears of the loss once and of the return once, not of every attempt.
 * What was sent meanwhile is lost, which subscribers tolerate because every notification only
 * points at rows in the database.
 */
export async function listenPostgres(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onProblem: (message: string) => void,
): Promise<Listener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Invalid channel name "${channel}".`);
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let failedAttempts = 0;
  let lostAt: number | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    next.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    next.on("error", (error) => {
      // A connection still being opened fails through connect() instead.
      if (client !== next) return;
      client = null;
      void next.end().catch(() => undefined);
      lostAt ??= Date.now();
      onProblem(`the LISTEN connection failed (${error.message}); reconnecting`);
      schedule();
    });
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch (error) {
      void next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    if (lostAt !== null) onProblem(`the LISTEN connection is back after ${Math.round((Date.now() - lostAt) / 1000)} s (notifications sent meanwhile were missed)`);
    lostAt = null;
    failedAttempts = 0;
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(
      () => {
        retry = null;
        connect().catch((error: unknown) => {
          if (++failedAttempts === 1) onProblem(`reconnecting the LISTEN connection failed (${String(error)}); retrying until the server answers`);
          schedule();
        });
      },
      Math.min(1000 * 2 ** failedAttempts, LONGEST_WAIT_MS),
    );
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
