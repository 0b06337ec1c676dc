import type { User } from "@minima/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";

/** Priorities run from -1000 to 1000; members may only lower theirs (at most 0), as with `nice`. */
export const PRIORITY = z.number().int().min(-1000).max(1000);

export function checkPriority(user: User, priority: number): void {
  if (user.role !== "admin" && priority > 0) {
    throw new TRPCError({ code: "FORBIDDEN", message: `Members may lower their runs' priority (at most 0); ${priority} needs an admin.` });
  }
}
