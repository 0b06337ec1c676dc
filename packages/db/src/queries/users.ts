import { and, asc, count, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../client.ts";
import { tokens, users, type Role } from "../schema/index.ts";

export interface User {
  id: string;
  name: string;
  role: Role;
}

export interface UserSummary extends User {
  createdAt: Date;
  disabledAt: Date | null;
  /** Tokens neither revoked nor expired. */
  liveTokens: number;
}

export interface TokenSummary {
  id: string;
  user: string;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const live = (now: Date) => and(isNull(tokens.revokedAt), or(isNull(tokens.expiresAt), gt(tokens.expiresAt, now)));

/** A new bearer token: its secret is shown once and only its hash is stored. */
export async function issueToken(db: Db, userId: string, label = "", expiresAt: Date | null = null): Promise<string> {
  const token = `mnm_${randomBytes(24).toString("base64url")}`;
  await db.insert(tokens).values({ userId, hash: hashToken(token), label, expiresAt });
  return token;
}

/**
 * On a database with no users, creates the admin and returns its first token; otherwise null.
 * Safe against two daemons starting at once: the unique user name lets only one insert win.
 */
export async function ensureAdmin(db: Db): Promise<{ user: User; token: string } | null> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return null;
  const [user] = await db.insert(users).values({ name: "admin", role: "admin" }).onConflictDoNothing().returning();
  if (!user) return null;
  return { user, token: await issueToken(db, user.id, "first admin token") };
}

/** How stale a token's `lastUsedAt` may get: a write per request would cost more than the lookup. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The enabled user a live (unrevoked, unexpired) token belongs to, or null. */
export async function userForToken(db: Db, token: string): Promise<User | null> {
  const now = new Date();
  const [row] = await db
    .select({ id: users.id, name: users.name, role: users.role, tokenId: tokens.id, lastUsedAt: tokens.lastUsedAt })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(and(eq(tokens.hash, hashToken(token)), live(now), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(tokens).set({ lastUsedAt: now }).where(eq(tokens.id, row.tokenId));
  }
  return { id: row.id, name: row.name, role: row.role };
}

export async function findUser(db: Db, name: string): Promise<User | null> {
  const [row] = await db.select({ id: users.id, name: users.name, role: users.role }).from(users).where(eq(users.name, name));
  return row ?? null;
}

/** A new user, or null when the name is taken. */
export async function createUser(db: Db, name: string, role: Role): Promise<User | null> {
  const [row] = await db.insert(users).values({ name, role }).onConflictDoNothing().returning({ id: users.id, name: users.name, role: users.role });
  return row ?? null;
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const liveTokens = db
    .select({ userId: tokens.userId, n: count().as("n") })
    .from(tokens)
    .where(live(new Date()))
    .groupBy(tokens.userId)
    .as("live_tokens");
  const rows = await db
    .select({ id: users.id, name: users.name, role: users.role, createdAt: users.createdAt, disabledAt: users.disabledAt, n: liveTokens.n })
    .from(users)
    .leftJoin(liveTokens, eq(liveTokens.userId, users.id))
    .orderBy(asc(users.createdAt), asc(users.name));
  return rows.map(({ n, ...user }) => ({ ...user, liveTokens: Number(n ?? 0) }));
}

/** Disables (or enables again) a user; false when there is no such user. */
export async function setUserDisabled(db: Db, name: string, disabled: boolean): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ disabledAt: disabled ? sql`coalesce(${users.disabledAt}, now())` : null })
    .where(eq(users.name, name))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Gives a user another role; false when there is no such user. Takes effect on its next request. */
export async function setUserRole(db: Db, name: string, role: Role): Promise<boolean> {
  const rows = await db.update(users).set({ role }).where(eq(users.name, name)).returning({ id: users.id });
  return rows.length > 0;
}

/** Tokens newest first, of one user or of all; never their hashes. */
export async function listTokens(db: Db, userName?: string): Promise<TokenSummary[]> {
  return db
    .select({
      id: tokens.id,
      user: users.name,
      label: tokens.label,
      createdAt: tokens.createdAt,
      expiresAt: tokens.expiresAt,
      revokedAt: tokens.revokedAt,
      lastUsedAt: tokens.lastUsedAt,
    })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(userName === undefined ? undefined : eq(users.name, userName))
    .orderBy(sql`${tokens.createdAt} desc`);
}

export type RevokeOutcome = "revoked" | "missing" | "last-admin-token";

/**
 * Revokes a token (a second revoke keeps the first time). Refused, and nothing changes, when it is
 * the last live token of an enabled admin: nobody could administer the daemon until it restarts.
 */
export async function revokeToken(db: Db, tokenId: string): Promise<RevokeOutcome> {
  return db.transaction(async (tx) => {
    // Two admins revoking each other's last tokens at once must not both pass the check.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('minima.revoke-token'))`);
    const [token] = await tx.select({ id: tokens.id }).from(tokens).where(eq(tokens.id, tokenId));
    if (!token) return "missing";
    if ((await adminTokenExists(tx)) && !(await adminTokenExists(tx, tokenId))) return "last-admin-token";
    await tx
      .update(tokens)
      .set({ revokedAt: sql`coalesce(${tokens.revokedAt}, now())` })
      .where(eq(tokens.id, tokenId));
    return "revoked";
  });
}

/**
 * Whether some enabled admin holds a live token (other than `except`): false means nobody can
 * administer the daemon.
 */
export async function adminTokenExists(db: Db, except?: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), live(new Date()), except === undefined ? undefined : ne(tokens.id, except)));
  return (row?.n ?? 0) > 0;
}
