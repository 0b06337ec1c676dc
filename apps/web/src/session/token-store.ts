const TOKEN_KEY = "minima.token";

/** The bearer token is kept in localStorage so a reload stays signed in. */
export function loadToken(storage: Pick<Storage, "getItem">): string | null {
  const token = storage.getItem(TOKEN_KEY);
  return token && token.trim() !== "" ? token : null;
}

export function saveToken(storage: Pick<Storage, "setItem" | "removeItem">, token: string | null): void {
  if (token === null) storage.removeItem(TOKEN_KEY);
  else storage.setItem(TOKEN_KEY, token);
}

/** Whether a `storage` event (another tab) changed the token. */
export function isTokenChange(event: Pick<StorageEvent, "key">): boolean {
  return event.key === TOKEN_KEY || event.key === null;
}
