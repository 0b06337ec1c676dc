import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from "@trpc/client";
import * as schema from "@minima/db/schema";
import { createTestDatabase, testEngines, type TestDatabase } from "@minima/db/testing";
import WebSocket from "ws";
import { BAD_RESUME_IDS, hostileInputs, isUuid, ONE_MB, seededRandom, unstorableText, unwrap, type ProcedureLike, type ZodLike } from "./fuzz-inputs.ts";
import { leakIn, rawBytes, rawRequest, sseEvents, wsExchange } from "./fuzz-wire.ts";
import type { AppRouter } from "./router.ts";
import { appRouter } from "./router.ts";
import { startTestDaemon, type TestDaemon } from "../../test/harness.ts";

/**
 * Every procedure of the router, found from its definition (a new one is fuzzed without a change
 * here), is called with malformed, oversized and hostile input over HTTP, WebSocket and (for
 * subscriptions) HTTP event streams; beneath tRPC, every route gets every method, odd paths and
 * bodies, and the WebSocket malformed frames. Each must end in a typed refusal with a short,
 * readable message that shows nothing of the daemon's insides; nothing may be stored; the daemon
 * must keep serving. MINIMA_FUZZ_SEED replays the seeded cases of a failed run.
 */

const SEED = Number(process.env.MINIMA_FUZZ_SEED ?? 20_260_105);
const TYPED = new Set(["BAD_REQUEST", "UNAUTHORIZED", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "PARSE_ERROR", "UNPROCESSABLE_CONTENT", "FORBIDDEN", "METHOD_NOT_SUPPORTED"]);
/** How long a started subscription is watched for an error that follows: its backlog query takes milliseconds. */
const GRACE_MS = 250;
const debug = Boolean(process.env.MINIMA_DEBUG);

type Api = ReturnType<typeof createTRPCClient<AppRouter>>;

/** A subscription that reported "started" and then failed: the input was accepted and broke the procedure. */
class FailedAfterStart {
  constructor(readonly error: unknown) {}
}

/** Why an error a client got is not a typed, readable refusal free of the daemon's insides; null if it is one. */
function problemOf(code: string, message: string, data: unknown): string | null {
  if (!TYPED.has(code)) return `${code}: ${message.slice(0, 300)}`;
  if (message.length === 0 || message.length > 2000 || message.startsWith("[") || message.includes(ONE_MB.slice(0, 1000))) {
    return `unhelpful message (${message.length} chars): ${message.slice(0, 200)}`;
  }
  const leak = leakIn(message);
  if (leak) return `the message shows the daemon's insides (${leak}): ${message.slice(0, 300)}`;
  if (!debug && typeof data === "object" && data !== null && "stack" in data) return "a stack trace reached the client";
  return null;
}

describe("fuzzing the API's edge", () => {
  let pg: TestDatabase | null = null;
  let t: TestDaemon;
  let overWs: Api;
  let overHttp: Api;
  let ws: ReturnType<typeof createWSClient>;
  const world = { experimentId: "", runId: "", tokenId: "", user: "fuzzer" };
  const auth = () => ({ authorization: `Bearer ${t.token}` });
  const counts = async () => {
    const tables = Object.entries(schema).filter(([, v]) => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v);
    const entries = await Promise.all(tables.map(async ([name, table]) => [name, await t.daemon.database.db.$count(table as typeof schema.users)] as const));
    return Object.fromEntries(entries);
  };
  /** The rows a refused call must leave as they were. */
  const contents = async () => {
    const db = t.daemon.database.db;
    const byId = <T extends { id: unknown }>(rows: T[]) => rows.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const [experiments, runs, events, users, tokens] = await Promise.all([
      db.select().from(schema.experiments),
      db.select().from(schema.runs),
      db.select().from(schema.events),
      db.select().from(schema.users),
      db.select().from(schema.tokens),
    ]);
    // A token's lastUsedAt records that it was used, not a change anyone asked for.
    const unused = byId(tokens).map(({ lastUsedAt: _, ...token }) => token);
    return JSON.stringify({ experiments: byId(experiments), runs: byId(runs), events: byId(events), users: byId(users), tokens: unused });
  };
  const healthy = async () => {
    assert.equal((await t.client.api.system.health.query()).ok, true);
    assert.equal((await t.client.api.auth.whoami.query())?.name, "admin");
  };

  before(async () => {
    // PostgreSQL refuses what PGlite lets by (NUL in text), so it is the engine to fuzz where there is one.
    if (testEngines().includes("postgres")) pg = await createTestDatabase("postgres");
    // Runs nothing: the experiment below stays queued, and the rows stay as they are unless a call changes them.
    t = await startTestDaemon({ concurrency: "0" }, pg?.url ? { DATABASE_URL: pg.url } : {});
    console.log(`# fuzz: ${pg ? "PostgreSQL" : "PGlite"}, seed ${SEED} (MINIMA_FUZZ_SEED)`);
    const { api: admin } = t.client;
    world.experimentId = (await admin.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 } })).id;
    world.runId = (await admin.experiments.get.query({ id: world.experimentId })).runs[0]!.id;
    await admin.auth.createUser.mutate({ name: world.user, role: "member" });
    await admin.auth.issueToken.mutate({ user: world.user, label: "fuzz" });
    world.tokenId = (await admin.auth.listTokens.query({ user: world.user }))[0]!.id;
    ws = createWSClient({ url: `${t.daemon.url.replace(/^http/, "ws")}/trpc`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, connectionParams: { token: t.token } });
    overWs = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    // One call per request (no batching), queries POSTed: each input is judged on its own.
    overHttp = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${t.daemon.url}/trpc`, headers: auth(), methodOverride: "POST" })] });
  });
  after(async () => {
    await ws?.close();
    await t?.stop();
    await pg?.dispose();
  });

  // Every case goes over WebSocket; over HTTP (a token lookup and a request each: 2–3 times the cost)
  // those aimed at a field or sensitive to the transport; subscriptions also as HTTP event streams.
  test("hostile input to every query, mutation and subscription, over WebSocket, HTTP and HTTP event streams, is refused with a typed error; nothing is stored", async () => {
    const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, ProcedureLike> }).procedures);
    assert.ok(procedures.length >= 20, "the router's procedures are enumerated");
    const presetList = await t.client.api.experiments.presets.query();
    const presets = presetList.map((p) => p.name);
    const optionNames = [...new Set(presetList.flatMap((p) => p.options.map((o) => o.name)))];
    const [beforeCounts, beforeContents] = [await counts(), await contents()];
    const failures: string[] = [];
    let calls = 0;
    const started = Date.now();
    const random = seededRandom(SEED);

    const cases = procedures.flatMap(([path, procedure]) => [...hostileInputs(procedure, presets, optionNames, random)].map((c) => ({ path, type: procedure._def.type, ...c })));
    const judge = (where: string, type: string, outcome: unknown) => {
      if (outcome === "accepted") {
        if (type === "mutation") failures.push(`${where}: a mutation accepted hostile input`);
        return;
      }
      if (outcome instanceof FailedAfterStart) {
        const error = outcome.error as TRPCClientError<AppRouter>;
        return void failures.push(`${where}: started, then failed: ${error.data?.code}: ${error.message?.slice(0, 300)}`);
      }
      if (!(outcome instanceof TRPCClientError)) return void failures.push(`${where}: not a tRPC error: ${String(outcome)}`);
      const data = outcome.data as { code?: string } | undefined;
      const problem = problemOf(data?.code ?? "none", outcome.message, data);
      if (problem) failures.push(`${where}: ${problem}`);
    };
    await pool(cases, 8, async ({ path, type, label, input, overHttp: alsoHttp }) => {
      const where = `${path}(${label})`;
      calls++;
      judge(`${where} over WebSocket`, type, await call(overWs, path, type, input));
      if (type === "subscription") {
        calls++;
        const problem = await overEventStream(t.daemon.url, path, input, auth());
        if (problem) failures.push(`${where} over an HTTP event stream: ${problem}`);
      } else if (alsoHttp) {
        calls++;
        judge(`${where} over HTTP`, type, await call(overHttp, path, type, input));
      }
    });

    // A reconnecting EventSource sends its resume id beside the input: as Last-Event-ID, or in the query.
    const input = encodeURIComponent(JSON.stringify({ id: world.runId }));
    for (const id of [...BAD_RESUME_IDS, "\u0000"]) {
      const ways: Array<[string, string, Record<string, string>]> = [["query", `?input=${input}&lastEventId=${encodeURIComponent(id)}`, auth()]];
      if (/^[\x21-\x7e]+$/.test(id)) ways.push(["Last-Event-ID", `?input=${input}`, { ...auth(), "last-event-id": id }]);
      for (const [way, query, headers] of ways) {
        calls++;
        const { events } = await sseEvents(`${t.daemon.url}/trpc/runs.onMetrics${query}`, headers, GRACE_MS);
        const refusal = events.find((e) => e.event === "serialized-error");
        const code = refusal && (JSON.parse(refusal.data) as { data?: { code?: string } }).data?.code;
        if (code !== "BAD_REQUEST") failures.push(`runs.onMetrics resumed after ${JSON.stringify(id)} (${way}): ${refusal?.data ?? "not refused"}`);
      }
    }

    assert.deepEqual(failures, [], `${failures.length} of ${calls} calls misbehaved`);
    assert.deepEqual(await counts(), beforeCounts, "no row was added or removed");
    assert.equal(await contents(), beforeContents, "no experiment, run, event, user or token changed");
    assert.equal(({} as Record<string, unknown>).polluted, undefined, "no prototype was polluted");
    await healthy();
    console.log(`# fuzz: ${procedures.length} procedures, ${calls} calls, ${Date.now() - started} ms`);
  });

  test("text PostgreSQL cannot store is refused by every mutation, in an input otherwise valid, naming the field; nothing changes", async () => {
    const mutations = Object.entries((appRouter._def as unknown as { procedures: Record<string, ProcedureLike> }).procedures).filter(([, p]) => p._def.type === "mutation");
    const random = seededRandom(SEED + 1);
    const beforeContents = await contents();
    const failures: string[] = [];
    let calls = 0;
    for (const [path, procedure] of mutations) {
      const shape = procedure._def.inputs[0] ? unwrap(procedure._def.inputs[0])._zod.def.shape : undefined;
      if (!shape) continue;
      const base = Object.fromEntries(Object.entries(shape).map(([field, s]) => [field, valid(path, field, s, world)]));
      for (const [field, fieldSchema] of Object.entries(shape)) {
        const isRecord = unwrap(fieldSchema)._zod.def.type === "record";
        if (typeof base[field] !== "string" && !isRecord) continue;
        for (const [name, text] of Object.entries(unstorableText(typeof base[field] === "string" ? base[field] : "seed", random))) {
          const inputs: Array<[string, unknown]> = isRecord
            ? [[`${field} key: ${name}`, { [text]: 1 }], [`${field}.seed: ${name}`, { seed: text }]]
            : [[`${field}: ${name}`, text]];
          for (const [label, value] of inputs) {
            calls++;
            const outcome = await call(overHttp, path, "mutation", { ...base, [field]: value });
            const refused = outcome instanceof TRPCClientError && (outcome.data as { code?: string } | undefined)?.code === "BAD_REQUEST";
            if (!refused) failures.push(`${path}(${label}): ${outcome instanceof Error ? outcome.message.slice(0, 300) : String(outcome)}`);
            else if (!outcome.message.includes(`input.${field}`)) failures.push(`${path}(${label}): the message does not name input.${field}: ${outcome.message}`);
          }
        }
      }
    }
    assert.ok(calls >= 50, `${calls} calls: the mutations' text fields are found`);
    assert.deepEqual(failures, [], `${failures.length} of ${calls} calls misbehaved`);
    assert.equal(await contents(), beforeContents, "no experiment, run, event, user or token changed");
    await healthy();
  });

  test("every route answers every method, odd paths, query strings and bodies without a 5xx; unserved methods get 405 with Allow", async () => {
    const id = world.runId;
    const routes: Record<string, string> = { "/": "GET, HEAD, OPTIONS", "/trpc/system.health": "GET, POST, OPTIONS", "/trpc/x": "GET, POST, OPTIONS", [`/artifacts/${id}/x`]: "GET, HEAD, OPTIONS" };
    const paths = [
      ...Object.keys(routes),
      "/trpc/",
      "/trpc",
      "/artifacts/",
      "/artifacts/------------------------------------/x",
      "/artifacts/gggggggg-gggg-gggg-gggg-gggggggggggg/x",
      `/artifacts/${id}/../../../etc/passwd`,
      `/artifacts/${id}/%00`,
      "/%2e%2e/%2e%2e/etc/passwd",
      "//trpc/system.health",
      "/trpc/%00",
      "/trpc/runs.get,runs.list,system.health?batch=1&input=%7B%7D",
      `/trpc/${Array.from({ length: 500 }, () => "system.health").join(",")}?batch=1`,
      "/trpc/runs.list?input=%ZZ",
      "/trpc/runs.list?input=%7B",
      `/trpc/runs.list?input=${encodeURIComponent(JSON.stringify({ search: "a\u0000b" }))}`,
      `/trpc/runs.list?input=${encodeURIComponent(JSON.stringify({ search: "\ud800" }))}`,
      `/trpc/runs.list?input=${"%7B".repeat(3000)}`,
      `/trpc/runs.list?${"a=1&".repeat(2500)}`,
      "/trpc/runs.onMetrics?input=%7B%7D&lastEventId=99999999999999999999999",
      "*",
      "http://elsewhere.example/trpc/system.health",
    ];
    const failures: string[] = [];
    const check = (where: string, answer: Awaited<ReturnType<typeof rawRequest>>) => {
      if (typeof answer === "string") return void failures.push(`${where}: ${answer}`);
      if (answer.status >= 500) failures.push(`${where}: ${answer.status} ${answer.body.slice(0, 300)}`);
      if (answer.status === 405 && !answer.headers.allow) failures.push(`${where}: 405 without Allow`);
      const leak = leakIn(answer.body);
      if (leak) failures.push(`${where}: the body shows the daemon's insides (${leak}): ${answer.body.slice(0, 300)}`);
    };
    // Every method Node knows on each route; the usual and the odd ones on every other path.
    const methods = (path: string) => (routes[path] ? http.METHODS.filter((m) => m !== "CONNECT") : ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]);
    await pool(
      paths.flatMap((path) => methods(path).map((method) => ({ method, path }))),
      8,
      async ({ method, path }) => {
        const answer = await rawRequest(t.daemon.url, method, path, auth(), method === "POST" ? "{}" : undefined);
        check(`${method} ${path.slice(0, 80)}`, answer);
        const allow = routes[path];
        if (allow && typeof answer !== "string" && !allow.split(", ").includes(method) && (answer.status !== 405 || answer.headers.allow !== allow)) {
          failures.push(`${method} ${path}: ${answer.status} (allow: ${answer.headers.allow}), not 405 with Allow: ${allow}`);
        }
      },
    );

    const bodies: Array<[string, string | Buffer]> = [
      ["empty", ""],
      ["{", "{"],
      ["NaN", '{"preset": NaN}'],
      ["null", "null"],
      ["a string", '"x"'],
      ["a number beyond a double", "1e999"],
      ["raw NUL", "\u0000"],
      ["escaped NUL", '{"title": "\\u0000"}'],
      ["escaped lone surrogate", '{"title": "\\ud800"}'],
      ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ["deep nesting", "[".repeat(50_000)],
      ["a batch shape without batch=1", '{"0": {"json": {}}}'],
    ];
    const types = ["application/json", "text/plain", "multipart/form-data; boundary=x", "multipart/form-data", "application/octet-stream", "application/x-www-form-urlencoded"];
    await pool(
      bodies.flatMap(([name, body]) => types.flatMap((type) => ["experiments.create", "runs.list", "system.health"].map((path) => ({ name, body, type, path })))),
      8,
      async ({ name, body, type, path }) => check(`POST /trpc/${path} (${type}) ${name}`, await rawRequest(t.daemon.url, "POST", `/trpc/${path}`, { ...auth(), "content-type": type }, body)),
    );

    // Requests no HTTP client sends: Node's parser answers them itself (400) or hangs up.
    const raw = [
      "GET /trpc/system.health\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
      "GET /trpc/auth.whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer mnm_\u0000x\r\n\r\n",
      "GET /trpc/auth.whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00ff\u00fe\u0001x\r\n\r\n",
      "GET /trpc/auth.whoami HTTP/1.1\r\nHost: @@@\r\n\r\n",
      "POST /trpc/experiments.create HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
      "POST /trpc/experiments.create HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "BREW / HTTP/1.1\r\nHost: x\r\n\r\n",
    ];
    for (const request of raw) {
      const status = await rawBytes(t.daemon.url, Buffer.from(request, "latin1"));
      if (/^HTTP\/1\.1 5/.test(status)) failures.push(`${JSON.stringify(request.slice(0, 60))}: ${status}`);
    }
    const odd = await rawRequest(t.daemon.url, "GET", "/trpc/auth.whoami", { authorization: "Bearer mnm_é\u00ff" });
    assert.equal(typeof odd !== "string" && odd.status, 401, "a token with odd characters is no token");

    assert.deepEqual(failures, [], `${failures.length} requests misbehaved`);
    await healthy();
  });

  test("malformed, oversized and odd WebSocket frames are answered without a 5xx, and the daemon keeps serving", async () => {
    const wsUrl = `${t.daemon.url.replace(/^http/, "ws")}/trpc`;
    const message = (id: unknown, method: unknown, params: unknown) => JSON.stringify({ id, method, params });
    const query = (input: unknown) => message(1, "query", { path: "runs.list", input });
    const frames: Array<[string, string | Buffer]> = [
      ["not JSON", "{not json"],
      ["empty", ""],
      ["null", "null"],
      ["an array of numbers", "[1, 2]"],
      ["an empty object", "{}"],
      ["only an id", '{"id": 1}'],
      ["no params", '{"id": 1, "method": "query"}'],
      ["params null", message(1, "query", null)],
      ["a numeric path", message(1, "query", { path: 1 })],
      ["an unknown method", message(1, "nope", { path: "system.health" })],
      ["an unknown procedure", message(1, "query", { path: "no.such.procedure" })],
      ["a prototype path", message(1, "query", { path: "__proto__" })],
      ["a constructor path", message(1, "query", { path: "constructor" })],
      ["a mutation as a query", message(1, "query", { path: "experiments.create", input: { preset: "figure1-toy" } })],
      ["an object id", message({ a: 1 }, "query", { path: "system.health" })],
      ["a boolean id", message(true, "query", { path: "system.health" })],
      ["a null id", message(null, "query", { path: "system.health" })],
      ["a 1e308 id", message(1e308, "query", { path: "system.health" })],
      ["a 100,000-character id", message("i".repeat(100_000), "query", { path: "system.health" })],
      ["a NUL id", message("\u0000", "query", { path: "system.health" })],
      ["stop of nothing", message(7, "subscription.stop", undefined)],
      ["a NUL in search", query({ search: "a\u0000" })],
      ["a lone surrogate in search", query({ search: "\udfff" })],
      ["a forged cursor", query({ cursor: Buffer.from(JSON.stringify(["2024-13-45 99:00:00+00", "a", "-".repeat(36)])).toString("base64url") })],
      ["a numeric lastEventId", message(1, "subscription", { path: "runs.onMetrics", input: { id: world.runId }, lastEventId: 5 })],
      ["a lastEventId beyond 2^63", message(1, "subscription", { path: "runs.onMetrics", input: { id: world.runId }, lastEventId: "99999999999999999999999" })],
      ["a lastEventId beyond 2^53", message(1, "subscription", { path: "runs.onMetrics", input: { id: world.runId }, lastEventId: "9007199254740993" })],
      ["an id that looks like a UUID", message(1, "subscription", { path: "runs.onMetrics", input: { id: "-".repeat(36) } })],
      ["a batch of 2,000", JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i + 1, method: "query", params: { path: "system.health" } })))],
      ["a binary frame of garbage", Buffer.from([0xff, 0x00, 0xfe, 0x01])],
      ["a binary frame of JSON", Buffer.from(message(1, "query", { path: "system.health" }))],
      ["PING", "PING"],
      ["PONG", "PONG"],
    ];
    const failures: string[] = [];
    const inspect = (where: string, outcome: Awaited<ReturnType<typeof wsExchange>>) => {
      if (outcome.closeCode === 1011) failures.push(`${where}: closed with 1011 (internal error)`);
      for (const text of outcome.messages) {
        const leak = leakIn(text);
        if (leak) failures.push(`${where}: a message shows the daemon's insides (${leak}): ${text.slice(0, 300)}`);
        const parsed = (text === "PONG" || text === "PING" ? {} : JSON.parse(text)) as { error?: { message?: string; data?: { code?: string; httpStatus?: number } } };
        const error = parsed.error;
        if (error && ((error.data?.httpStatus ?? 0) >= 500 || !TYPED.has(error.data?.code ?? "none"))) failures.push(`${where}: ${error.data?.code}: ${error.message?.slice(0, 300)}`);
      }
    };
    await pool(frames, 8, async ([name, frame]) => inspect(name, await wsExchange(wsUrl, [frame], auth())));
    // Duplicate subscription ids on one connection, and a subscription stopped before it starts.
    const subscribe = message(9, "subscription", { path: "runs.onMetrics", input: { id: world.runId } });
    inspect("a duplicate subscription id", await wsExchange(wsUrl, [subscribe, subscribe, message(9, "subscription.stop", undefined)], auth()));

    // The token travels in the first frame: malformed connection params.
    const params = [
      "not json",
      JSON.stringify({ method: "connectionParams", data: "x" }),
      JSON.stringify({ method: "connectionParams", data: { token: 123 } }),
      JSON.stringify({ method: "connectionParams", data: { token: "mnm_\u0000" } }),
      JSON.stringify({ method: "connectionParams", data: { token: "\ud800" } }),
      JSON.stringify({ method: "connectionParams", data: { token: "t".repeat(100_000) } }),
      JSON.stringify({ method: "connectionParams", data: { ["\u0000"]: "x" } }),
    ];
    for (const first of params) {
      const outcome = await wsExchange(`${wsUrl}?connectionParams=1`, [first, message(1, "query", { path: "auth.whoami" })], {});
      inspect(`connection params ${first.slice(0, 60)}`, outcome);
      if (outcome.messages.some((text) => text.includes('"name":"admin"'))) failures.push(`connection params ${first.slice(0, 60)}: signed in`);
    }
    assert.deepEqual(failures, [], `${failures.length} frames misbehaved`);
    await healthy();
    const fresh = await wsExchange(wsUrl, [message(1, "query", { path: "auth.whoami" })], auth());
    assert.match(fresh.messages[0] ?? "", /"name":"admin"/, "a new WebSocket is served");
  });

  test("malformed requests and oversized bodies, URLs and WebSocket messages are refused; the daemon keeps serving", async () => {
    const post = (path: string, body: string, type = "application/json") =>
      fetch(`${t.daemon.url}/trpc/${path}`, { method: "POST", headers: { "content-type": type, ...auth() }, body });
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
    const garbage = await wsExchange(`${t.daemon.url.replace(/^http/, "ws")}/trpc`, ["{not json"], {});
    assert.match(garbage.messages[0] ?? "", /PARSE_ERROR/);
    await healthy();
  });
});

/** A value of the field's type that is valid, naming what the daemon holds (the run, the experiment, the fuzzer's token). */
function valid(path: string, field: string, schema: ZodLike, world: { experimentId: string; runId: string; tokenId: string; user: string }): unknown {
  const def = unwrap(schema)._zod.def;
  if (def.type === "string" && isUuid(schema)) {
    if (field === "experimentId" || path.startsWith("experiments.")) return world.experimentId;
    return path.startsWith("auth.") ? world.tokenId : world.runId;
  }
  if (def.type === "string") return field === "preset" ? "figure1-toy" : field === "user" || field === "name" ? world.user : `a ${field}`;
  if (def.type === "number") return 1;
  if (def.type === "boolean") return false;
  if (def.type === "enum") return Object.values(def.entries ?? {})[0];
  if (def.type === "record" || def.type === "object") return {};
  if (def.type === "union") return valid(path, field, def.options![0]!, world);
  return undefined;
}

async function pool<T>(items: Iterable<T>, width: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
    }),
  );
}

/**
 * One call; "accepted" when it resolved or, for a subscription, started streaming and no error
 * followed within GRACE_MS (one that did is a FailedAfterStart).
 */
async function call(api: Api, path: string, type: string, input: unknown): Promise<unknown> {
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
    let started = false;
    let timer = setTimeout(() => finish("accepted"), 5000);
    const subscription = procedure.subscribe!(input, {
      onData: () => finish("accepted"),
      onStarted: () => {
        started = true;
        clearTimeout(timer);
        timer = setTimeout(() => finish("accepted"), GRACE_MS);
      },
      onError: (error: unknown) => finish(started ? new FailedAfterStart(error) : error),
    }) as { unsubscribe(): void };
    function finish(outcome: unknown) {
      clearTimeout(timer);
      setImmediate(() => subscription.unsubscribe());
      resolve(outcome);
    }
  });
}

/**
 * A subscription over an HTTP event stream (`GET /trpc/<path>?input=…`, `accept: text/event-stream`).
 * Its stream opens ("connected") before the procedure's answer, so a refusal is an error event of
 * a typed code; an internal error, before or after data, is a failure. Null when all is well.
 */
async function overEventStream(base: string, path: string, input: unknown, headers: Record<string, string>): Promise<string | null> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const { status, body, events } = await sseEvents(`${base}/trpc/${path}${query}`, headers, GRACE_MS);
  if (status >= 500) return `${status}: ${body.slice(0, 300)}`;
  const leak = leakIn(body);
  if (leak) return `the stream shows the daemon's insides (${leak}): ${body.slice(0, 300)}`;
  for (const event of events.filter((e) => e.event === "serialized-error")) {
    const error = JSON.parse(event.data) as { message?: string; data?: { code?: string } };
    const problem = problemOf(error.data?.code ?? "none", error.message ?? "", error.data);
    if (problem) return problem;
  }
  return null;
}
