import { createContext, useContext } from "react";

/**
 * The WebSocket's state as the user should read it: `connecting` on the first attempt,
 * `open`, or `down` once an attempt failed or an open socket closed (the client keeps retrying).
 */
export type ConnectionStatus = "connecting" | "open" | "down";

export const ConnectionContext = createContext<ConnectionStatus>("connecting");

export function useConnectionStatus(): ConnectionStatus {
  return useContext(ConnectionContext);
}
