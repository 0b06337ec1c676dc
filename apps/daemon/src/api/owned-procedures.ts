import { experimentOwner, runOwnerId, type Db, type User } from "@minima/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { memberProcedure } from "./trpc.ts";

/** What a member acts on: one run, or one experiment. */
export type Owned = { run: string } | { experiment: string };

/**
 * The one place the owner rule is checked: members act only on their own runs and experiments,
 * admins on any. `verb` is what the refusal says they tried.
 */
export async function checkOwner(ctx: { db: Db; user: User }, target: Owned, verb: string): Promise<void> {
  if ("run" in target) {
    const owner = await runOwnerId(ctx.db, target.run);
    if (!owner) throw new TRPCError({ code: "NOT_FOUND", message: `No run ${target.run}.` });
    if (ctx.user.role !== "admin" && owner !== ctx.user.id) throw new TRPCError({ code: "FORBIDDEN", message: `Members ${verb} only their own runs.` });
    return;
  }
  const owner = await experimentOwner(ctx.db, target.experiment);
  if (!owner) throw new TRPCError({ code: "NOT_FOUND", message: `No experiment ${target.experiment}.` });
  if (ctx.user.role !== "admin" && owner.id !== ctx.user.id) {
    throw new TRPCError({ code: "FORBIDDEN", message: `Members ${verb} only their own experiments; this one is ${owner.name}'s.` });
  }
}

const byId = z.object({ id: z.string().uuid() });

/** A member's procedure on one of their runs (`{ id }`, more fields may be added with `.input`). */
export function ownRunProcedure(verb: string) {
  return memberProcedure.input(byId).use(async ({ ctx, input, next }) => {
    await checkOwner(ctx, { run: input.id }, verb);
    return next();
  });
}

/** A member's procedure on one of their experiments (`{ id }`). */
export function ownExperimentProcedure(verb: string) {
  return memberProcedure.input(byId).use(async ({ ctx, input, next }) => {
    await checkOwner(ctx, { experiment: input.id }, verb);
    return next();
  });
}
