import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../trpc/trpc-context.ts";

/** What every admin change refetches: the user list (roles, states, live token counts) and the token list. */
export function useRefetchAdminLists() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries(trpc.auth.listUsers.pathFilter());
    void queryClient.invalidateQueries(trpc.auth.listTokens.pathFilter());
  };
}
