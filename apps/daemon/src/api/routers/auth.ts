import { createUser, findUser, issueToken, listTokens, listUsers, revokeToken, ROLES, setUserDisabled, setUserRole } from "@minima/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { adminProcedure, viewerProcedure } from "../trpc.ts";

const userName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "A user name is letters, digits, '.', '_' or '-', starting with a letter or digit.");

const UNIT_S = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const TEN_YEARS_S = 10 * 365 * 86_400;

/** Seconds, or a duration such as "90m", "12h", "30d". */
const expiresIn = z
  .union([
    z.number().int().positive(),
    z
      .string()
      .regex(/^\d{1,9}[smhd]$/, 'A duration is a number and a unit, e.g. "3600s", "90m", "12h" or "30d".')
      .transform((text) => Number(text.slice(0, -1)) * UNIT_S[text.at(-1) as keyof typeof UNIT_S]),
  ])
  .pipe(z.number().positive().max(TEN_YEARS_S, "A token lives at most ten years."));

const iso = (date: Date | null) => date?.toISOString() ?? null;

async function userNamed(db: Parameters<typeof findUser>[0], name: string) {
  const user = await findUser(db, name);
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: `No user "${name}"; auth.listUsers shows who there is.` });
  return user;
}

export const authRouter = {
  whoami: viewerProcedure.query(({ ctx }) => ctx.user),

  createUser: adminProcedure.input(z.object({ name: userName, role: z.enum(ROLES) })).mutation(async ({ ctx, input }) => {
    const user = await createUser(ctx.db, input.name, input.role);
    if (!user) throw new TRPCError({ code: "CONFLICT", message: `A user "${input.name}" already exists.` });
    return user;
  }),

  listUsers: adminProcedure.query(async ({ ctx }) =>
    (await listUsers(ctx.db)).map((u) => ({ ...u, createdAt: u.createdAt.toISOString(), disabledAt: iso(u.disabledAt) })),
  ),

  /** Another role for a user, from its next request on (open WebSockets of theirs are closed to reconnect as it). An admin cannot change their own (another admin can). */
  setRole: adminProcedure.input(z.object({ name: userName, role: z.enum(ROLES) })).mutation(async ({ ctx, input }) => {
    if (input.name === ctx.user.name && input.role !== ctx.user.role) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "An admin cannot change their own role; ask another admin." });
    }
    if (!(await setUserRole(ctx.db, input.name, input.role))) {
      throw new TRPCError({ code: "NOT_FOUND", message: `No user "${input.name}"; auth.listUsers shows who there is.` });
    }
    await ctx.sockets?.recheck();
    return { name: input.name, role: input.role };
  }),

  /** A disabled user's tokens are refused at once, open WebSockets included; its runs and history stay. */
  disableUser: adminProcedure
    .input(z.object({ name: userName, disabled: z.boolean().default(true) }))
    .mutation(async ({ ctx, input }) => {
      if (input.disabled && input.name === ctx.user.name) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "An admin cannot disable themselves; ask another admin." });
      }
      if (!(await setUserDisabled(ctx.db, input.name, input.disabled))) {
        throw new TRPCError({ code: "NOT_FOUND", message: `No user "${input.name}"; auth.listUsers shows who there is.` });
      }
      await ctx.sockets?.recheck();
      return { name: input.name, disabled: input.disabled };
    }),

  /** A new token for a user; its secret is in this answer only, the daemon keeps a hash. */
  issueToken: adminProcedure
    .input(z.object({ user: userName, label: z.string().max(200).default(""), expiresIn: expiresIn.optional() }))
    .mutation(async ({ ctx, input }) => {
      const user = await userNamed(ctx.db, input.user);
      const expiresAt = input.expiresIn === undefined ? null : new Date(Date.now() + input.expiresIn * 1000);
      const token = await issueToken(ctx.db, user.id, input.label, expiresAt);
      return { user: user.name, token, expiresAt: iso(expiresAt) };
    }),

  listTokens: adminProcedure.input(z.object({ user: userName.optional() }).default({})).query(async ({ ctx, input }) => {
    const now = Date.now();
    return (await listTokens(ctx.db, input.user)).map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString(),
      expiresAt: iso(t.expiresAt),
      revokedAt: iso(t.revokedAt),
      lastUsedAt: iso(t.lastUsedAt),
      state: t.revokedAt ? ("revoked" as const) : t.expiresAt && t.expiresAt.getTime() <= now ? ("expired" as const) : ("live" as const),
    }));
  }),

  revokeToken: adminProcedure.input(z.object({ id: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    const outcome = await revokeToken(ctx.db, input.id);
    if (outcome === "missing") {
      throw new TRPCError({ code: "NOT_FOUND", message: `No token ${input.id}; auth.listTokens shows their ids.` });
    }
    if (outcome === "last-admin-token") {
      throw new TRPCError({
        code: "CONFLICT",
        message: "This is the last live admin token: revoking it would leave nobody able to administer the daemon. Issue another admin token first.",
      });
    }
    await ctx.sockets?.recheck();
    return { id: input.id, revoked: true };
  }),
} satisfies TRPCRouterRecord;
