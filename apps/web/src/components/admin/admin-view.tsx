"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { TokensSection } from "./tokens-section.tsx";
import { UsersSection } from "./users-section.tsx";

/** Users and their tokens, for admins; anyone else is told so (the daemon refuses them anyway). */
export function AdminView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.whoami.queryOptions());
  if (!me.data) return <QueryStatus query={me} what="who you are" />;
  if (me.data.role !== "admin") {
    return (
      <p className="empty" data-testid="admin-refused">
        Users and tokens are managed by admins; {me.data.name} is a {me.data.role}. Ask an admin for a token or a role.
      </p>
    );
  }
  return (
    <div className="admin-page">
      <h1>Users and tokens</h1>
      <UsersSection me={me.data.name} />
      <TokensSection />
    </div>
  );
}
