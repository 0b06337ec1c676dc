import { initTRPC, TRPCError } from "@trpc/server";
import type { Role } from "@minima/db";
import type { Context } from "./context.ts";
import { describeInputError, isInputError } from "./input-errors.ts";
import { inputProblem } from "./input-limits.ts";
import { refusalOf } from "./refusals.ts";
import { errorIdOf, internalErrorMessage, isInternal } from "./internal-errors.ts";

/** Longer messages are cut: an error must never echo a megabyte of someone's input back. */
const MAX_MESSAGE = 500;

function bounded(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 40)}… (${message.length} characters in all)`;
}

function messageOf(error: TRPCError, message: string): string {
  // The daemon's own failures are told by id only: their messages can quote SQL and its parameters.
  if (isInternal(error)) return internalErrorMessage(errorIdOf(error));
  return bounded(isInputError(error.cause) ? describeInputError(error.cause) : message);
}

// Stack traces stay on the server unless MINIMA_DEBUG is set.
const t = initTRPC.context<Context>().create({
  isDev: Boolean(process.env.MINIMA_DEBUG),
  errorFormatter: ({ shape, error }) => ({ ...shape, message: messageOf(error, shape.message) }),
});

export const router = t.router;

/**
 * Every procedure refuses prototype keys, absurd nesting, huge arrays and text PostgreSQL cannot
 * store before its schema runs, and answers the refusals of the daemon's modules as such.
 */
export const publicProcedure = t.procedure.use(async ({ getRawInput, next }) => {
  const problem = inputProblem(await getRawInput());
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: `Invalid input — ${problem}` });
  const result = await next();
  const refusal = result.ok ? null : refusalOf(result.error.cause);
  if (refusal) throw refusal;
  return result;
});

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

const NO_TOKEN = "Sign in with a token: send `Authorization: Bearer <token>`.";
// The same words for every reason, so a caller learns nothing about a token that is not theirs.
const TOKEN_REFUSED = "This token is not accepted: it was revoked or has expired, or its user is disabled. Ask an admin for a new one (`minima user token NAME`).";

function atLeast(role: Role) {
  return t.middleware(async ({ ctx, next }) => {
    // A WebSocket's token is looked up again for every call: it may have been revoked since the socket opened.
    const user = ctx.currentUser ? await ctx.currentUser() : ctx.user;
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.tokenGiven ? TOKEN_REFUSED : NO_TOKEN });
    if (RANK[user.role] < RANK[role]) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${role} role; ${user.name} is a ${user.role}.` });
    }
    return next({ ctx: { ...ctx, user } });
  });
}

/** Reading: any signed-in user. */
export const viewerProcedure = publicProcedure.use(atLeast("viewer"));
/** Queueing and controlling runs. */
export const memberProcedure = publicProcedure.use(atLeast("member"));
export const adminProcedure = publicProcedure.use(atLeast("admin"));
