import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from "@trpc/client";
import * as schema from "@minima/db/schema";
import WebSocket from "ws";
import type { AppRouter } from "./router.ts";
import { appRouter } from "./router.ts";
import { startTestDaemon, type TestDaemon } from "../../test/harness.ts";

/**
 * Every procedure of the router, found from its definition (a new one is fuzzed without a change
 * here), is called with malformed, oversized and hostile input. Each call must end in a typed
 * error with a short, readable message; nothing may be stored; the daemon must keep serving.
 */

interface ZodLike {
  _zod: { def: { type: string; format?: string; shape?: Record<string, ZodLike>; innerType?: ZodLike; in?: ZodLike; options?: ZodLike[]; entries?: Record<string, string> } };
}
interface ProcedureLike {
  _def: { type: "query" | "mutation" | "subscription"; inputs: ZodLike[] };
}

const ONE_MB = "x".repeat(1_000_000);

function nested(depth: number): unknown {
  let value: unknown = { leaf: "../../etc/passwd" };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const HOSTILE: Record<string, unknown> = {
  null: null,
  true: true,
  zero: 0,
  "-1": -1,
  "1e308": 1e308,
  "-1e308": -1e308,
  "2^53+2": 2 ** 53 + 2,
  "NaN (null in JSON)": NaN,
  "empty string": "",
  "1 MB string": ONE_MB,
  "path traversal": "../../etc/passwd",
  "NUL byte": "a\u0000b",
  "SQL": "'; drop table users; --",
  "lone surrogate": "\ud800\u202e",
  array: ["../../etc/passwd", 1, null],
  object: { a: 1, toString: "x" },
  "nested 2,000 deep": nested(2000),
  "__proto__ key": JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
  "50,000-element array": Array.from({ length: 50_000 }, () => "../../etc/passwd"),
};

const TYPED = new Set(["BAD_REQUEST", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "PARSE_ERROR", "UNPROCESSABLE_CONTENT", "FORBIDDEN"]);

function unwrap(schema: ZodLike): ZodLike {
  const def = schema._zod.def;
  if ((def.type === "default" || def.type === "optional" || def.type === "nullable" || def.type === "prefault") && def.innerType) return unwrap(def.innerType);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  return schema;
}

/** A value of the field's type that names nothing stored: a call with it alone can change nothing. */
function harmless(field: string, schema: ZodLike, presets: readonly string[]): unknown {
  const def = unwrap(schema)._zod.def;
  // A real preset lets a query's options reach the preset's own checks; a mutation gets none.
  if (def.type === "string") return def.format === "uuid" ? randomUUID() : field === "preset" ? (presets[0] ?? "fuzz-nobody") : "fuzz-nobody";
  if (def.type === "number") return 1;
  if (def.type === "boolean") return false;
  if (def.type === "enum") return Object.values(def.entries ?? {})[0];
  if (def.type === "record" || def.type === "object") return {};
  if (def.type === "union") return harmless(field, def.options![0]!, presets);
  return undefined;
}

/** Inputs for one procedure: the whole input hostile, then each field hostile beside harmless others. */
function* hostileInputs(procedure: ProcedureLike, presets: readonly string[], optionNames: readonly string[]): Generator<[string, unknown]> {
  for (const [name, value] of Object.entries(HOSTILE)) yield [`input = ${name}`, value];
  const input = procedure._def.inputs[0];
  const shape = input ? unwrap(input)._zod.def.shape : undefined;
  if (!shape) return;
  const known = procedure._def.type === "mutation" ? [] : presets;
  const base = Object.fromEntries(Object.entries(shape).map(([field, s]) => [field, harmless(field, s, known)]));
  for (const [field, fieldSchema] of Object.entries(shape)) {
    for (const [name, value] of Object.entries(HOSTILE)) yield [`${field} = ${name}`, { ...base, [field]: value }];
    if (unwrap(fieldSchema)._zod.def.type === "record") {
      for (const key of ["../../etc/passwd", "__proto__", ONE_MB.slice(0, 5000), ...optionNames.slice(0, 3)]) {
        for (const [name, value] of Object.entries(HOSTILE)) yield [`${field}[${key.slice(0, 20)}] = ${name}`, { ...base, [field]: { [key]: value } }];
      }
    }
  }
}

async function pool<T>(items: Iterable<T>, width: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
    }),
  );
}

describe("fuzzing every procedure's input", () => {
  let t: TestDaemon;
  let api: ReturnType<typeof createTRPCClient<AppRouter>>;
  let ws: ReturnType<typeof createWSClient>;
  const counts = async () => {
    const tables = Object.entries(schema).filter(([, v]) => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v);
    const entries = await Promise.all(tables.map(async ([name, table]) => [name, await t.daemon.database.db.$count(table as typeof schema.users)] as const));
    return Object.fromEntries(entries);
  };

  before(async () => {
    t = await startTestDaemon();
    // One call per request (no batching), queries POSTed: each input is judged on its own.
    ws = createWSClient({ url: `${t.daemon.url.replace(/^http/, "ws")}/trpc`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, connectionParams: { token: t.token } });
    api = createTRPCClient<AppRouter>({
      links: [
        (runtime) => {
          const viaWs = wsLink<AppRouter>({ client: ws })(runtime);
          const viaHttp = httpLink<AppRouter>({ url: `${t.daemon.url}/trpc`, headers: { authorization: `Bearer ${t.token}` }, methodOverride: "POST" })(runtime);
          return (ctx) => (ctx.op.type === "subscription" ? viaWs(ctx) : viaHttp(ctx));
        },
      ],
    });
  });
  after(async () => {
    await ws.close();
    await t.stop();
  });

  test("hostile input to every query, mutation and subscription gets a typed error; nothing is stored; the daemon keeps serving", async () => {
    const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, ProcedureLike> }).procedures);
    assert.ok(procedures.length >= 20, "the router's procedures are enumerated");
    const presets = (await t.client.api.experiments.presets.query()).map((p) => p.name);
    const optionNames = [...new Set((await t.client.api.experiments.presets.query()).flatMap((p) => p.options.map((o) => o.name)))];
    const before = await counts();
    const failures: string[] = [];
    let calls = 0;
    const started = Date.now();

    const cases = procedures.flatMap(([path, procedure]) => [...hostileInputs(procedure, presets, optionNames)].map(([label, input]) => ({ path, procedure, label, input })));
    await pool(cases, 8, async ({ path, procedure, label, input }) => {
      calls++;
      const where = `${path}(${label})`;
      const outcome = await call(api, path, procedure._def.type, input);
      if (outcome === "accepted") {
        if (procedure._def.type === "mutation") failures.push(`${where}: a mutation accepted hostile input`);
        return;
      }
      if (!(outcome instanceof TRPCClientError)) return void failures.push(`${where}: not a tRPC error: ${String(outcome)}`);
      const code = (outcome.data as { code?: string } | undefined)?.code ?? "none";
      if (!TYPED.has(code)) failures.push(`${where}: ${code}: ${outcome.message.slice(0, 300)}`);
      else if (outcome.message.length === 0 || outcome.message.length > 2000 || outcome.message.startsWith("[") || outcome.message.includes(ONE_MB.slice(0, 1000))) {
        failures.push(`${where}: unhelpful message (${outcome.message.length} chars): ${outcome.message.slice(0, 200)}`);
      }
    });

    assert.deepEqual(failures, [], `${failures.length} of ${calls} calls misbehaved`);
    assert.deepEqual(await counts(), before, "no row was added or removed");
    assert.equal(({} as Record<string, unknown>).polluted, undefined, "no prototype was polluted");
    assert.equal((await t.client.api.system.health.query()).ok, true);
    assert.equal((await t.client.api.auth.whoami.query())?.name, "admin");
    console.log(`# fuzz: ${procedures.length} procedures, ${calls} calls, ${Date.now() - started} ms`);
  });

  test("malformed requests and oversized bodies, URLs and WebSocket messages are refused; the daemon keeps serving", async () => {
    const post = (path: string, body: string, type = "application/json") =>
      fetch(`${t.daemon.url}/trpc/${path}`, { method: "POST", headers: { "content-type": type, authorization: `Bearer ${t.token}` }, body });
    const codeOf = async (response: Response) => {
      const body = await response.text();
      const code = (JSON.parse(body) as { error?: { data?: { code?: string } } }).error?.data?.code;
      assert.ok(code, `a tRPC error, not ${response.status} ${body.slice(0, 300)}`);
      return code;
    };

    assert.match(await codeOf(await post("experiments.create", '{"preset": NaN}')), /^(PARSE_ERROR|BAD_REQUEST)$/);
    assert.match(await codeOf(await post("experiments.create", "{".repeat(100_000))), /^(PARSE_ERROR|BAD_REQUEST)$/);
    const tooBig = await post("experiments.create", JSON.stringify({ preset: "x".repeat(3 << 20) }));
    assert.equal(tooBig.status, 413);
    assert.equal(await codeOf(tooBig), "PAYLOAD_TOO_LARGE");
    assert.equal(await codeOf(await post("no.such.procedure", "{}")), "NOT_FOUND");
    assert.equal(await codeOf(await post("%2e%2e%2f%2e%2e%2fetc%2fpasswd", "{}")), "NOT_FOUND");
    const traversal = await post("../../etc/passwd", "{}");
    assert.equal(traversal.status, 404);
    assert.doesNotMatch(await traversal.text(), /root:/);

    const longUrl = await new Promise<number>((resolve, reject) => {
      http.get(`${t.daemon.url}/trpc/runs.get?input=${"a".repeat(100_000)}`, (res) => resolve(res.statusCode ?? 0)).on("error", reject);
    });
    assert.equal(longUrl, 431, "a URL longer than Node's header limit is refused before tRPC");

    const closed = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${t.daemon.url.replace(/^http/, "ws")}/trpc`);
      socket.on("open", () => socket.send("x".repeat(3 << 20)));
      socket.on("close", (code) => resolve(code));
      socket.on("error", () => undefined);
      setTimeout(() => reject(new Error("the oversized message did not close the socket")), 10_000);
    });
    assert.equal(closed, 1009, "a WebSocket message over the limit closes that connection (1009: message too big)");
    const garbage = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`${t.daemon.url.replace(/^http/, "ws")}/trpc`);
      socket.on("open", () => socket.send("{not json"));
      socket.on("message", (data: Buffer) => {
        resolve(data.toString());
        socket.close();
      });
    });
    assert.match(garbage, /PARSE_ERROR/);
    assert.equal((await t.client.api.system.health.query()).ok, true);
  });
});

/** One call; "accepted" when it resolved (or, for a subscription, started streaming). */
async function call(api: ReturnType<typeof createTRPCClient<AppRouter>>, path: string, type: string, input: unknown): Promise<unknown> {
  const [group, name] = path.split(".") as [string, string];
  const procedure = (api as unknown as Record<string, Record<string, Record<string, (...args: unknown[]) => unknown>>>)[group]![name]!;
  if (type === "query" || type === "mutation") {
    try {
      await (procedure[type === "query" ? "query" : "mutate"]!(input) as Promise<unknown>);
      return "accepted";
    } catch (error) {
      return error;
    }
  }
  return new Promise((resolve) => {
    const subscription = procedure.subscribe!(input, {
      onData: () => finish("accepted"),
      onStarted: () => finish("accepted"),
      onError: (error: unknown) => finish(error),
    }) as { unsubscribe(): void };
    const timer = setTimeout(() => finish("accepted"), 5000);
    function finish(outcome: unknown) {
      clearTimeout(timer);
      setImmediate(() => subscription.unsubscribe());
      resolve(outcome);
    }
  });
}
