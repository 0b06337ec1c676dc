/**
 * Subscription items the daemon yields with `tracked(id, data)` reach the client as
 * `{ id, data }`; this returns the data either way, so the UI does not care which.
 */
export function unwrapTracked<T>(message: T | { id: string; data: T }): T {
  return typeof message === "object" && message !== null && "id" in message && "data" in message
    ? message.data
    : message;
}
