import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { TRPCClientError } from "@trpc/client";
import { hashToken, revokeToken as revokeTokenInDb } from "@minima/db";
import { tokens } from "@minima/db/schema";
import WebSocket from "ws";
import { createMinimaClient } from "../client/index.ts";
import { isPlausibleToken } from "./context.ts";
import { TOKEN_CHANGED } from "./socket-sessions.ts";
import { startTestDaemon, type TestDaemon } from "../../test/harness.ts";

/** "CODE: message" of a rejected call, or "resolved". */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (error) {
    assert.ok(error instanceof TRPCClientError, String(error));
    return `${(error.data as { code: string } | undefined)?.code}: ${error.message}`;
  }
}

/** A GET of auth.whoami sent from another loopback address, so its failures count against that address only. */
function whoamiFrom(url: string, localAddress: string, token: string, forwardedFor?: string): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) };
    const req = http.get(`${url}/trpc/auth.whoami`, { localAddress, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"], body }));
    });
    req.on("error", reject);
  });
}

/** Opens a WebSocket with connection params from `localAddress` and returns the first message the daemon sends. */
function wsFirstMessage(url: string, localAddress: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}/trpc?connectionParams=1`, { localAddress });
    socket.on("open", () => {
      socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
      socket.send(JSON.stringify({ id: 1, method: "query", params: { path: "auth.whoami" } }));
    });
    socket.on("message", (data: Buffer) => {
      resolve(data.toString());
      socket.close();
    });
    socket.on("error", reject);
  });
}

/** A WebSocket signed in with `token`, as tRPC's client opens one: calls by id, and how it closed. */
async function openSocket(url: string, token: string) {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/trpc?connectionParams=1`);
  const answers = new Map<number, (message: string) => void>();
  socket.on("message", (data: Buffer) => {
    const message = data.toString();
    const id = (JSON.parse(message) as { id?: number }).id;
    if (id !== undefined) answers.get(id)?.(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
  let nextId = 1;
  return {
    closed,
    /** Sends a call and resolves with the first message answering it. */
    call(method: "query" | "mutation" | "subscription", path: string, input?: unknown): Promise<string> {
      const id = nextId++;
      const answered = new Promise<string>((resolve) => answers.set(id, resolve));
      socket.send(JSON.stringify({ id, method, params: { path, input } }));
      return answered;
    },
  };
}

describe("auth on a shared daemon", () => {
  let t: TestDaemon;
  before(async () => {
    t = await startTestDaemon();
  });
  after(() => t.stop());

  test("an admin creates users, issues tokens that work, lists them without secrets, and revokes them", async () => {
    const { api } = t.client;
    assert.deepEqual((await api.auth.createUser.mutate({ name: "mia", role: "member" })).role, "member");
    assert.match(await outcome(api.auth.createUser.mutate({ name: "mia", role: "viewer" })), /CONFLICT: A user "mia" already exists/);
    assert.match(await outcome(api.auth.createUser.mutate({ name: "../../etc/passwd", role: "viewer" })), /BAD_REQUEST: .*user name is letters/);
    assert.match(await outcome(api.auth.createUser.mutate({ name: "root", role: "owner" as "admin" })), /BAD_REQUEST/);

    const issued = await api.auth.issueToken.mutate({ user: "mia", label: "laptop" });
    assert.match(issued.token, /^mnm_/);
    assert.equal(issued.expiresAt, null);
    const mia = createMinimaClient({ url: t.daemon.url, token: issued.token });
    assert.deepEqual(await mia.api.auth.whoami.query(), { id: (await api.auth.listUsers.query()).find((u) => u.name === "mia")!.id, name: "mia", role: "member" });
    assert.match(await outcome(mia.api.auth.listUsers.query()), /FORBIDDEN: This needs the admin role; mia is a member/);
    assert.match(await outcome(mia.api.auth.issueToken.mutate({ user: "mia" })), /FORBIDDEN/);

    const stored = await t.daemon.database.db.select().from(tokens);
    assert.ok(stored.some((row) => row.hash === hashToken(issued.token)), "the hash is stored");
    assert.ok(!JSON.stringify(stored).includes(issued.token), "the secret is not");
    const listed = await api.auth.listTokens.query({ user: "mia" });
    assert.equal(listed.length, 1);
    assert.deepEqual([listed[0]!.label, listed[0]!.state, listed[0]!.user], ["laptop", "live", "mia"]);
    assert.ok(listed[0]!.lastUsedAt, "last use is recorded");
    assert.ok(!JSON.stringify(await api.auth.listTokens.query()).includes(hashToken(issued.token)), "not even the hash is listed");
    assert.equal((await api.auth.listUsers.query()).find((u) => u.name === "mia")!.liveTokens, 1);

    await api.auth.revokeToken.mutate({ id: listed[0]!.id });
    assert.match(await outcome(mia.api.auth.whoami.query()), /UNAUTHORIZED/);
    assert.equal((await api.auth.listTokens.query({ user: "mia" }))[0]!.state, "revoked");
    assert.match(await outcome(api.auth.revokeToken.mutate({ id: "00000000-0000-4000-8000-000000000000" })), /NOT_FOUND: No token/);
    await mia.close();
  });

  test("a token with expiresIn stops working when it expires", async () => {
    const { api } = t.client;
    await api.auth.createUser.mutate({ name: "eve", role: "viewer" });
    const short = await api.auth.issueToken.mutate({ user: "eve", expiresIn: "1s" });
    const long = await api.auth.issueToken.mutate({ user: "eve", expiresIn: 3600 });
    assert.ok(Math.abs(Date.parse(long.expiresAt!) - Date.now() - 3_600_000) < 60_000);
    const eve = createMinimaClient({ url: t.daemon.url, token: short.token });
    assert.equal((await eve.api.auth.whoami.query())?.name, "eve");
    await new Promise((r) => setTimeout(r, 1200));
    assert.match(await outcome(eve.api.auth.whoami.query()), /UNAUTHORIZED/);
    const states = (await api.auth.listTokens.query({ user: "eve" })).map((row) => row.state).sort();
    assert.deepEqual(states, ["expired", "live"]);
    assert.match(await outcome(api.auth.issueToken.mutate({ user: "eve", expiresIn: "forever" })), /BAD_REQUEST: .*duration is a number and a unit/);
    assert.match(await outcome(api.auth.issueToken.mutate({ user: "eve", expiresIn: -5 })), /BAD_REQUEST/);
    assert.match(await outcome(api.auth.issueToken.mutate({ user: "eve", expiresIn: "99999d" })), /BAD_REQUEST: .*at most ten years/);
    assert.match(await outcome(api.auth.issueToken.mutate({ user: "nobody" })), /NOT_FOUND: No user "nobody"/);
    await eve.close();
  });

  test("a disabled user's tokens are refused until enabled again; an admin cannot disable themselves", async () => {
    const { api } = t.client;
    await api.auth.createUser.mutate({ name: "dan", role: "member" });
    const { token } = await api.auth.issueToken.mutate({ user: "dan" });
    const dan = createMinimaClient({ url: t.daemon.url, token });
    assert.equal((await dan.api.auth.whoami.query())?.name, "dan");
    await api.auth.disableUser.mutate({ name: "dan" });
    assert.match(await outcome(dan.api.auth.whoami.query()), /UNAUTHORIZED/);
    assert.ok((await api.auth.listUsers.query()).find((u) => u.name === "dan")!.disabledAt);
    await api.auth.disableUser.mutate({ name: "dan", disabled: false });
    assert.equal((await dan.api.auth.whoami.query())?.name, "dan");
    assert.match(await outcome(api.auth.disableUser.mutate({ name: "admin" })), /BAD_REQUEST: An admin cannot disable themselves/);
    assert.match(await outcome(api.auth.disableUser.mutate({ name: "ghost" })), /NOT_FOUND/);
    await dan.close();
  });

  test("an admin changes a user's role, which the next request obeys; not their own", async () => {
    const { api } = t.client;
    await api.auth.createUser.mutate({ name: "rolf", role: "viewer" });
    const { token } = await api.auth.issueToken.mutate({ user: "rolf" });
    const rolf = createMinimaClient({ url: t.daemon.url, token });
    assert.match(await outcome(rolf.api.experiments.cancel.mutate({ id: "00000000-0000-4000-8000-000000000000" })), /FORBIDDEN: This needs the member role/);
    assert.deepEqual(await api.auth.setRole.mutate({ name: "rolf", role: "member" }), { name: "rolf", role: "member" });
    assert.equal((await rolf.api.auth.whoami.query())?.role, "member");
    assert.match(await outcome(rolf.api.experiments.cancel.mutate({ id: "00000000-0000-4000-8000-000000000000" })), /NOT_FOUND: No experiment/);
    assert.equal((await api.auth.listUsers.query()).find((u) => u.name === "rolf")!.role, "member");
    assert.match(await outcome(rolf.api.auth.setRole.mutate({ name: "rolf", role: "admin" })), /FORBIDDEN: This needs the admin role/);
    assert.match(await outcome(api.auth.setRole.mutate({ name: "admin", role: "viewer" })), /BAD_REQUEST: An admin cannot change their own role/);
    assert.match(await outcome(api.auth.setRole.mutate({ name: "ghost", role: "viewer" })), /NOT_FOUND: No user "ghost"/);
    await rolf.close();
  });

  test("an open WebSocket is held to the token as it is now: each call looks it up again, and a revocation closes it", async () => {
    const { api } = t.client;
    await api.auth.createUser.mutate({ name: "wes", role: "member" });
    const first = await api.auth.issueToken.mutate({ user: "wes", label: "tab" });
    const [firstId] = (await api.auth.listTokens.query({ user: "wes" })).map((row) => row.id);
    const socket = await openSocket(t.daemon.url, first.token);
    assert.match(await socket.call("query", "auth.whoami"), /"name":"wes"/);
    assert.match(await socket.call("subscription", "runs.onEvent", {}), /"type":"started"/);

    // Revoked where this daemon cannot see it happen (another daemon on the same database, or SQL):
    // the socket is still open, but its next call is refused.
    assert.equal(await revokeTokenInDb(t.daemon.database.db, firstId!), "revoked");
    assert.match(await socket.call("query", "auth.whoami"), /UNAUTHORIZED/);
    assert.match(await socket.call("mutation", "experiments.cancel", { id: "00000000-0000-4000-8000-000000000000" }), /UNAUTHORIZED/);

    // Revoked through this daemon: its sockets on that token are closed at once, subscriptions and all.
    const second = await api.auth.issueToken.mutate({ user: "wes", label: "script" });
    const live = await openSocket(t.daemon.url, second.token);
    assert.match(await live.call("subscription", "runs.onEvent", {}), /"type":"started"/);
    const secondId = (await api.auth.listTokens.query({ user: "wes" })).find((row) => row.state === "live")!.id;
    await api.auth.revokeToken.mutate({ id: secondId });
    assert.deepEqual(await live.closed, { code: TOKEN_CHANGED, reason: "token no longer accepted; sign in again" });

    // A role taken away is the same: a demoted user's socket reconnects as what they are now.
    const third = await api.auth.issueToken.mutate({ user: "wes", label: "again" });
    const demoted = await openSocket(t.daemon.url, third.token);
    assert.match(await demoted.call("query", "auth.whoami"), /"role":"member"/);
    await api.auth.setRole.mutate({ name: "wes", role: "viewer" });
    assert.deepEqual(await demoted.closed, { code: TOKEN_CHANGED, reason: "your role changed; reconnect" });
    const reconnected = await openSocket(t.daemon.url, third.token);
    assert.match(await reconnected.call("mutation", "experiments.cancel", { id: "00000000-0000-4000-8000-000000000000" }), /This needs the member role; wes is a viewer.*"FORBIDDEN"/);
  });

  test("failed token checks are rate-limited per address, over HTTP and WebSocket connection params", async () => {
    const from = "127.0.0.2";
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await whoamiFrom(t.daemon.url, from, `mnm_guess${i}`)).status);
    assert.deepEqual(statuses, Array(10).fill(401), "the first ten guesses are only wrong");
    const limited = await whoamiFrom(t.daemon.url, from, "mnm_guess10");
    assert.equal(limited.status, 429);
    assert.match(limited.body, /Too many failed token checks from .*127\.0\.0\.2; retry after \d+ s/);
    assert.ok(Number(limited.retryAfter) >= 1, "Retry-After header");
    const good = await whoamiFrom(t.daemon.url, from, t.token);
    assert.equal(good.status, 429, "while limited, even a right token is not looked up");
    assert.match(await wsFirstMessage(t.daemon.url, from, t.token), /TOO_MANY_REQUESTS/);

    assert.equal((await whoamiFrom(t.daemon.url, "127.0.0.3", t.token)).status, 200, "another address is not affected");
    assert.equal((await t.client.api.auth.whoami.query())?.name, "admin");

    for (let i = 0; i < 10; i++) assert.match(await wsFirstMessage(t.daemon.url, "127.0.0.4", `mnm_ws${i}`), /UNAUTHORIZED/);
    assert.match(await wsFirstMessage(t.daemon.url, "127.0.0.4", "mnm_ws10"), /retry after \d+ s.*TOO_MANY_REQUESTS/);
  });

  test("behind the dashboard's proxy each browser has its own limit: the address is the right-most forwarded hop that is not loopback", async () => {
    // The dashboard (and nginx before it) call from loopback and append the address they saw.
    const attacker = (i: number) => whoamiFrom(t.daemon.url, "127.0.0.5", `mnm_proxied${i}`, "10.9.9.9");
    for (let i = 0; i < 10; i++) assert.equal((await attacker(i)).status, 401);
    const limited = await attacker(10);
    assert.equal(limited.status, 429);
    assert.match(limited.body, /from 10\.9\.9\.9/);
    assert.equal((await whoamiFrom(t.daemon.url, "127.0.0.5", t.token, "10.9.9.10")).status, 200, "a colleague behind the same proxy is not shut out");
    assert.equal((await whoamiFrom(t.daemon.url, "127.0.0.5", t.token, "10.9.9.10, 127.0.0.1")).status, 200, "through nginx and the dashboard");
    assert.equal((await whoamiFrom(t.daemon.url, "127.0.0.5", t.token, "10.9.9.10, 10.9.9.9")).status, 429, "what the caller wrote further left proves nothing");
  });

  test("a token no issued one could be (NUL, a lone surrogate, odd bytes, 300 characters) is no token: never looked up, so it spends no failed checks", async () => {
    assert.ok(isPlausibleToken(t.token));
    for (const odd of ["mnm_a\u0000b", "mnm_\ud800", "mnm_é\u00ff", "mnm_a;b", `mnm_${"x".repeat(300)}`]) assert.equal(isPlausibleToken(odd), false, JSON.stringify(odd));
    // Headers carry bytes: \u0000 cannot be sent, é and ÿ can (as latin1).
    for (let i = 0; i < 12; i++) {
      for (const odd of ["mnm_é\u00ff", "mnm_a;b", `mnm_${"x".repeat(300)}`]) assert.equal((await whoamiFrom(t.daemon.url, "127.0.0.5", odd)).status, 401);
      for (const odd of ["mnm_a\u0000b", "mnm_\ud800"]) assert.match(await wsFirstMessage(t.daemon.url, "127.0.0.5", odd), /UNAUTHORIZED/);
    }
    assert.equal((await whoamiFrom(t.daemon.url, "127.0.0.5", t.token)).status, 200, "the address may still sign in");
    for (let i = 0; i < 10; i++) assert.equal((await whoamiFrom(t.daemon.url, "127.0.0.5", `mnm_guess${i}`)).status, 401);
    assert.equal((await whoamiFrom(t.daemon.url, "127.0.0.5", "mnm_guess10")).status, 429, "a plausible wrong token is still counted");
  });
});

describe("the last admin token", () => {
  let t: TestDaemon;
  before(async () => {
    t = await startTestDaemon();
  });
  after(() => t.stop());
  const liveAdminTokensOf = async (client: ReturnType<typeof createMinimaClient>) =>
    (await client.api.auth.listTokens.query({ user: "admin" })).filter((token) => token.state === "live");

  test("the last live admin token cannot be revoked; with a second one it can", async () => {
    const { api } = t.client;
    const [only, ...others] = await liveAdminTokensOf(t.client);
    assert.equal(others.length, 0, "the daemon starts with one admin token");
    assert.match(await outcome(api.auth.revokeToken.mutate({ id: only!.id })), /CONFLICT: This is the last live admin token.*Issue another admin token first/);
    assert.equal((await api.auth.whoami.query())?.name, "admin", "the refused revoke changed nothing");

    const second = await api.auth.issueToken.mutate({ user: "admin", label: "spare" });
    await api.auth.revokeToken.mutate({ id: only!.id });
    assert.match(await outcome(api.auth.whoami.query()), /UNAUTHORIZED/);
    const spare = createMinimaClient({ url: t.daemon.url, token: second.token });
    try {
      assert.deepEqual((await liveAdminTokensOf(spare)).map((token) => token.label), ["spare"]);
      const [last] = await liveAdminTokensOf(spare);
      assert.match(await outcome(spare.api.auth.revokeToken.mutate({ id: last!.id })), /CONFLICT/);
    } finally {
      await spare.close();
    }
  });
});
