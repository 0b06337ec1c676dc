"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { isRetryable, isUnauthorized } from "../lib/auth-errors.ts";
import { SessionContext, type Session } from "../session/session-context.ts";
import { dropToken, isTokenChange, loadNotice, loadToken, saveToken } from "../session/token-store.ts";

const REJECTED = "The daemon no longer accepts your token. Sign in again.";

/** Everything client-side the app needs: React Query and the session (the token). */
export function AppProviders({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const onUnauthorized = useRef<() => void>(() => undefined);
  const [queryClient] = useState(() => createQueryClient(() => onUnauthorized.current()));

  useEffect(() => {
    const load = () => {
      setToken(loadToken(localStorage));
      setNotice(loadNotice(localStorage));
    };
    load();
    setReady(true);
    const onStorage = (event: StorageEvent) => {
      if (isTokenChange(event)) load();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  const signIn = useCallback((next: string) => {
    saveToken(localStorage, next);
    setNotice(null);
    setToken(next);
  }, []);

  const signOut = useCallback(
    (why?: string) => {
      dropToken(localStorage, why ?? null);
      setNotice(why ?? null);
      setToken(null);
      queryClient.clear();
    },
    [queryClient],
  );
  useEffect(() => {
    onUnauthorized.current = () => {
      if (token !== null) signOut(REJECTED);
    };
  }, [token, signOut]);

  const session = useMemo<Session>(
    () => ({ token, ready, notice, signIn, signOut }),
    [token, ready, notice, signIn, signOut],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
    </QueryClientProvider>
  );
}

function createQueryClient(onUnauthorized: () => void): QueryClient {
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => failures < 3 && isRetryable(error),
      },
    },
  });
}
