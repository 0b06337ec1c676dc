import { initTRPC, TRPCError } from "@trpc/server";
import type { Role } from "@minima/db";
import type { Context } from "./context.ts";
import { describeInputError, isInputError } from "./input-errors.ts";

// Stack traces stay on the server unless MINIMA_DEBUG is set.
const t = initTRPC.context<Context>().create({
  isDev: Boolean(process.env.MINIMA_DEBUG),
  errorFormatter: ({ shape, error }) => (isInputError(error.cause) ? { ...shape, message: describeInputError(error.cause) } : shape),
});

export const router = t.router;
export const publicProcedure = t.procedure;

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

function atLeast(role: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in with a token: send `Authorization: Bearer <token>`." });
    }
    if (RANK[ctx.user.role] < RANK[role]) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${role} role; ${ctx.user.name} is a ${ctx.user.role}.` });
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

/** Reading: any signed-in user. */
export const viewerProcedure = t.procedure.use(atLeast("viewer"));
/** Queueing and controlling runs. */
export const memberProcedure = t.procedure.use(atLeast("member"));
export const adminProcedure = t.procedure.use(atLeast("admin"));
