import { createContext, useContext } from "react";

/** Who is signed in and how to change that (the daemon is the one behind this dashboard's origin). */
export interface Session {
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
