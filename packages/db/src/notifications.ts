import pg from "pg";

export interface Listener {
  close(): Promise<void>;
}

/**
 * LISTENs on a PostgreSQL channel over a connection of its own (a pooled one would be handed
 * back and lose the LISTEN). A dropped connection is reopened; what was sent meanwhile is lost,
 * which subscribers tolerate because every notification only points at rows in the database.
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

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    next.on("error", (error) => {
      onProblem(`the LISTEN connection failed (${error.message}); reconnecting`);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      schedule();
    });
    await next.connect();
    await next.query(`listen ${channel}`);
    if (closed) await next.end();
    else client = next;
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().catch((error: unknown) => {
        onProblem(`reconnecting the LISTEN connection failed (${String(error)}); retrying`);
        schedule();
      });
    }, 1000);
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
