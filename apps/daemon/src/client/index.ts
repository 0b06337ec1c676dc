import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from "@trpc/client";
import WebSocket from "ws";
import type { AppRouter } from "../api/router.ts";

export type { AppRouter } from "../api/router.ts";

export interface MinimaClientOptions {
  /** The daemon's URL, e.g. http://127.0.0.1:4000. */
  url: string;
  token: string;
}

export interface MinimaClient {
  api: TRPCClient<AppRouter>;
  /** Closes the WebSocket used by subscriptions. */
  close(): Promise<void>;
}

/**
 * A typed client for scripts: queries and mutations over HTTP, subscriptions over a WebSocket
 * opened on first use (and reopened after a disconnect, resuming from the last event id).
 */
export function createMinimaClient({ url, token }: MinimaClientOptions): MinimaClient {
  const base = url.replace(/\/+$/, "");
  const ws = createWSClient({
    url: `${base.replace(/^http/, "ws")}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
    lazy: { enabled: true, closeMs: 0 },
  });
  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: ws }),
        // POST for queries too: an input of any size fits in a body, not always in a URL.
        false: httpBatchLink({ url: `${base}/trpc`, headers: { authorization: `Bearer ${token}` }, methodOverride: "POST" }),
      }),
    ],
  });
  return { api, close: () => ws.close() };
}

type RunListInput = Exclude<Parameters<TRPCClient<AppRouter>["runs"]["list"]["query"]>[0], undefined>;
export type ListedRunView = Awaited<ReturnType<TRPCClient<AppRouter>["runs"]["list"]["query"]>>["items"][number];

/** Every run matching `filter`, following runs.list's cursor page by page. */
export async function listAllRuns(api: TRPCClient<AppRouter>, filter: Omit<RunListInput, "cursor"> = {}): Promise<ListedRunView[]> {
  const runs: ListedRunView[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof api.runs.list.query>> = await api.runs.list.query({ limit: 1000, ...filter, cursor });
    runs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return runs;
}
