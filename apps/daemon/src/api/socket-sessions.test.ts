// SocketSessions on a real database and real WebSocket pairs: which connections a change to a
// user or a token closes, with what code and reason, and which it leaves alone.
import assert from "node:assert/strict";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { createUser, issueToken, listTokens, revokeToken, setUserDisabled, setUserRole, type User } from "@minima/db";
import { createTestDatabase, type TestDatabase } from "@minima/db/testing";
import WebSocket, { WebSocketServer } from "ws";
import { silentLogger } from "../daemon/logger.ts";
import { SocketSessions, TOKEN_CHANGED } from "./socket-sessions.ts";

let t: TestDatabase;
let wss: WebSocketServer;

before(async () => {
  t = await createTestDatabase("pglite");
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await once(wss, "listening");
});

after(async () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  await t.dispose().catch(() => undefined);
});

interface Pair {
  /** The daemon's end, which SocketSessions watches. */
  server: WebSocket;
  /** How the client's end was closed, once it is. */
  closed: Promise<{ code: number; reason: string }>;
  isOpen(): boolean;
}

async function connect(): Promise<Pair> {
  const accepted = once(wss, "connection") as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => client.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  await once(client, "open");
  const [server] = await accepted;
  return { server, closed, isOpen: () => client.readyState === WebSocket.OPEN };
}

async function userWithToken(name: string, role: User["role"]): Promise<{ user: User; token: string; tokenId: string }> {
  const user = (await createUser(t.database.db, name, role))!;
  const token = await issueToken(t.database.db, user.id, "laptop");
  const [listed] = await listTokens(t.database.db, name);
  return { user, token, tokenId: listed!.id };
}

void test("a revoked token, a disabled user or a changed role closes that user's sockets only, with a reason to act on", async () => {
  const sessions = new SocketSessions(t.database.db, silentLogger(), 3_600_000);
  try {
    const mia = await userWithToken("mia", "member");
    const bo = await userWithToken("bo", "viewer");
    const [miaTab, miaScript, boTab] = [await connect(), await connect(), await connect()];
    sessions.add(miaTab.server, mia.token, mia.user);
    sessions.add(miaScript.server, mia.token, mia.user);
    sessions.add(boTab.server, bo.token, bo.user);

    assert.equal(await sessions.recheck(), 0, "nothing changed, nothing closed");
    assert.ok(miaTab.isOpen() && miaScript.isOpen() && boTab.isOpen());

    assert.ok(await setUserRole(t.database.db, "mia", "viewer"));
    assert.equal(await sessions.recheck(), 2, "both of mia's sockets");
    assert.deepEqual(await miaTab.closed, { code: TOKEN_CHANGED, reason: "your role changed; reconnect" });
    assert.deepEqual(await miaScript.closed, { code: TOKEN_CHANGED, reason: "your role changed; reconnect" });
    assert.ok(boTab.isOpen(), "another user's socket stays");

    assert.equal(await revokeToken(t.database.db, bo.tokenId), "revoked");
    assert.equal(await sessions.recheck(), 1);
    assert.deepEqual(await boTab.closed, { code: TOKEN_CHANGED, reason: "token no longer accepted; sign in again" });

    const again = await connect();
    sessions.add(again.server, mia.token, { ...mia.user, role: "viewer" });
    assert.ok(await setUserDisabled(t.database.db, "mia", true));
    assert.equal(await sessions.recheck(), 1);
    assert.equal((await again.closed).reason, "token no longer accepted; sign in again");
    assert.equal(await sessions.recheck(), 0, "a closed socket is not watched any more");
  } finally {
    sessions.stop();
  }
});

void test("changes made elsewhere (another daemon on the same database) are found by the periodic recheck", async () => {
  const sessions = new SocketSessions(t.database.db, silentLogger(), 50);
  try {
    const cy = await userWithToken("cy", "admin");
    const tab = await connect();
    sessions.add(tab.server, cy.token, cy.user);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(tab.isOpen(), "rechecks of an unchanged token close nothing");
    assert.ok(await setUserRole(t.database.db, "cy", "member"));
    assert.equal((await tab.closed).code, TOKEN_CHANGED);
  } finally {
    sessions.stop();
  }
});

void test("while the database is away no socket is closed: an outage proves nothing about a token", async () => {
  const sessions = new SocketSessions(t.database.db, silentLogger(), 3_600_000);
  try {
    const di = await userWithToken("di", "member");
    const tab = await connect();
    sessions.add(tab.server, di.token, di.user);
    // Revoked, but the lookup that would find out cannot be made.
    assert.equal(await revokeToken(t.database.db, di.tokenId), "revoked");
    await t.database.close();
    assert.equal(await sessions.recheck(), 0);
    assert.ok(tab.isOpen());
  } finally {
    sessions.stop();
  }
});
