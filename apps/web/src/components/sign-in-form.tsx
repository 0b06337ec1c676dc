"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { describeError, isUnauthorized } from "../lib/auth-errors.ts";
import { useSession } from "../session/session-context.ts";
import { daemonEndpoints } from "../lib/daemon-endpoints.ts";
import { whoamiWithToken } from "../trpc/create-daemon-client.ts";

/** Asks for a bearer token, checks it with `auth.whoami`, and keeps it for later visits. */
export function SignInForm() {
  const session = useSession();
  const router = useRouter();
  const [token, setToken] = useState("");
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (session.ready && session.token) router.replace("/");
  }, [session.ready, session.token, router]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) return setError("Paste a token first.");
    setChecking(true);
    setError(null);
    try {
      await whoamiWithToken(daemonEndpoints(window.location), candidate);
      session.signIn(candidate);
    } catch (cause) {
      setError(isUnauthorized(cause) ? "The daemon did not accept that token." : describeError(cause));
    } finally {
      setChecking(false);
    }
  }

  // Until the app has hydrated, a submit would be the browser's own: a GET that puts the token
  // in the URL and drops it, or a check of the empty state React started with. Wait for it.
  const waiting = !session.ready || checking;
  return (
    <form className="card sign-in-form" onSubmit={submit}>
      <h2>Sign in</h2>
      {session.notice && <p className="notice" role="status">{session.notice}</p>}
      <label htmlFor="token">Access token</label>
      <input
        id="token"
        name="token"
        type="password"
        autoComplete="off"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        placeholder="mnm_…"
        disabled={!session.ready}
        autoFocus
      />
      <p className="hint">
        The daemon prints the admin token when it first starts; an admin can create tokens for others.
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit" disabled={waiting}>
        {checking ? "Checking…" : "Sign in"}
      </button>
    </form>
  );
}
