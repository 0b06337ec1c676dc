import { createContext, useContext } from "react";
import type { DaemonEndpoints } from "../lib/daemon-endpoints.ts";

/** Who is signed in, to which daemon, and how to change that. */
export interface Session {
  endpoints: DaemonEndpoints;
  /** The bearer token, or null when signed out. */
  token: string | null;
  /** False until the token has been read from localStorage (it is not there on the server). */
  ready: boolean;
  /** Why the user was signed out, shown on the sign-in page. */
  notice: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() must be used inside <AppProviders>.");
  return session;
}
