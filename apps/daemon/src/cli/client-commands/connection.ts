import { TRPCClientError } from "@trpc/client";
import { createMinimaClient, type MinimaClient } from "../../client/index.ts";

/** How every client command reaches the daemon. */
export const CONNECTION_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
} as const;

export const CONNECTION_HELP = `  --url URL             The daemon [MINIMA_URL, default http://127.0.0.1:4000]
  --token TOKEN         Bearer token [MINIMA_TOKEN]`;

type Values = Record<string, string | boolean | undefined>;

/**
 * Runs `body` with a client of the daemon named by --url/--token (or MINIMA_URL/MINIMA_TOKEN),
 * closes it, and turns what can go wrong into one line that says what to do.
 */
export async function withClient(command: string, values: Values, body: (client: MinimaClient) => Promise<number>): Promise<number> {
  const url = (typeof values.url === "string" ? values.url : process.env.MINIMA_URL) || "http://127.0.0.1:4000";
  const token = (typeof values.token === "string" ? values.token : process.env.MINIMA_TOKEN) || "";
  if (!token) {
    console.error(
      `minima ${command}: no token. Pass --token or set MINIMA_TOKEN (the daemon prints the admin's on its first start; \`minima token\` issues another).`,
    );
    return 2;
  }
  if (!/^https?:\/\/[^/]+/.test(url)) {
    console.error(`minima ${command}: --url must be the daemon's http(s) address, e.g. http://127.0.0.1:4000; got "${url}".`);
    return 2;
  }
  const client = createMinimaClient({ url, token });
  try {
    return await body(client);
  } catch (error) {
    console.error(`minima ${command}: ${explain(error, url)}`);
    return 1;
  } finally {
    await client.close();
  }
}

function explain(error: unknown, url: string): string {
  if (!(error instanceof TRPCClientError)) return error instanceof Error ? error.message : String(error);
  const code = (error.data as { code?: string } | undefined)?.code;
  if (code === "UNAUTHORIZED") return `${error.message} The daemon at ${url} refused the token: check --token / MINIMA_TOKEN.`;
  if (code) return error.message;
  const cause = (error.cause as { cause?: { code?: string } } | undefined)?.cause?.code ?? "";
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(cause)) {
    return (
      `the daemon at ${url} presented a certificate this machine does not trust (${cause}). ` +
      "For a self-signed or private-CA certificate, set NODE_EXTRA_CA_CERTS to its PEM file; otherwise use the name or address it was issued for."
    );
  }
  if (cause === "UND_ERR_SOCKET" && url.startsWith("http:")) {
    return `the daemon at ${url} hung up without an answer: if it serves HTTPS (--tls-cert), use ${url.replace(/^http:/, "https:")}.`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(cause) || /fetch failed/.test(error.message)) {
    return `cannot reach the daemon at ${url} (${cause || error.message}). Is \`minima daemon\` running there? Set --url or MINIMA_URL.`;
  }
  return error.message;
}

/** A run or experiment id, checked before any call so a typo gets a plain answer. */
export function idArgument(command: string, what: string, positionals: readonly string[]): string | null {
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) {
    console.error(`minima ${command}: expected one ${what} id${extra.length ? `, got ${positionals.length} arguments` : ""}. See \`minima help ${command}\`.`);
    return null;
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    console.error(`minima ${command}: "${id}" is not a ${what} id (a UUID, as \`minima queue\` lists them).`);
    return null;
  }
  return id;
}
