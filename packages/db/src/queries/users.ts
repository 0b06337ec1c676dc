import { and, count, eq, gt, isNull, or } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../client.ts";
import { tokens, users, type Role } from "../schema/index.ts";

export interface User {
  id: string;
  name: string;
  role: Role;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

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

/** The user a live (unrevoked, unexpired) token belongs to, or null. */
export async function userForToken(db: Db, token: string): Promise<User | null> {
  const now = new Date();
  const [row] = await db
    .select({ id: users.id, name: users.name, role: users.role, tokenId: tokens.id })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(
      and(eq(tokens.hash, hashToken(token)), isNull(tokens.revokedAt), or(isNull(tokens.expiresAt), gt(tokens.expiresAt, now))),
    )
    .limit(1);
  if (!row) return null;
  await db.update(tokens).set({ lastUsedAt: now }).where(eq(tokens.id, row.tokenId));
  return { id: row.id, name: row.name, role: row.role };
}

export async function findUser(db: Db, name: string): Promise<User | null> {
  const [row] = await db.select({ id: users.id, name: users.name, role: users.role }).from(users).where(eq(users.name, name));
  return row ?? null;
}
