import type { TRPCRouterRecord } from "@trpc/server";
import { viewerProcedure } from "../trpc.ts";

export const authRouter = {
  whoami: viewerProcedure.query(({ ctx }) => ctx.user),
} satisfies TRPCRouterRecord;
