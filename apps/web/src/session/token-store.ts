const TOKEN_KEY = "minima.token";
const NOTICE_KEY = "minima.signed-out-because";

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** The bearer token is kept in localStorage so a reload stays signed in. */
export function loadToken(storage: Pick<Storage, "getItem">): string | null {
  const token = storage.getItem(TOKEN_KEY);
  return token && token.trim() !== "" ? token : null;
}

/** Signs in: keeps the token and forgets why the last session ended. */
export function saveToken(storage: Store, token: string): void {
  storage.setItem(TOKEN_KEY, token);
  storage.removeItem(NOTICE_KEY);
}

/**
 * Signs out: drops the token and keeps why, so the sign-in page still says it after a reload and
 * in the other tabs the sign-out reaches (a revoked token is found out by whichever tab calls first).
 */
export function dropToken(storage: Store, why: string | null): void {
  storage.removeItem(TOKEN_KEY);
  if (why) storage.setItem(NOTICE_KEY, why);
  else storage.removeItem(NOTICE_KEY);
}

/** Why the last session ended, while nobody is signed in. */
export function loadNotice(storage: Pick<Storage, "getItem">): string | null {
  return loadToken(storage) === null ? storage.getItem(NOTICE_KEY) || null : null;
}

/** Whether a `storage` event (another tab) changed the session. */
export function isTokenChange(event: Pick<StorageEvent, "key">): boolean {
  return event.key === TOKEN_KEY || event.key === NOTICE_KEY || event.key === null;
}
