import type { AppRouter } from "@minima/daemon/router";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/** The typed tRPC hooks (`useTRPC().runs.get.queryOptions(…)`), bound to the daemon's router. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
