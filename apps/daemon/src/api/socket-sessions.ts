import { userForToken, type Db, type User } from "@minima/db";
import type { WebSocket } from "ws";
import type { Logger } from "../daemon/logger.ts";

/** The close code a WebSocket gets when its token no longer says who it is (4000–4999: the application's own). */
export const TOKEN_CHANGED = 4401;

interface Signed {
  token: string;
  user: User;
}

const sameUser = (a: User, b: User) => a.id === b.id && a.role === b.role;

/**
 * The open WebSockets and the user each signed in as. A connection resolves its token once, when
 * it opens, and its subscriptions stream for hours: a token revoked, a user disabled or a role
 * changed since must not keep them. `recheck` looks every token up again and closes the
 * connections whose answer changed; the client reconnects and is answered as it is now. It runs
 * every `intervalMs` (changes made through another daemon on the same database) and at once after
 * a change made through this one.
 */
export class SocketSessions {
  private readonly open = new Map<WebSocket, Signed>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    intervalMs = 15_000,
  ) {
    this.timer = setInterval(() => void this.recheck(), intervalMs).unref();
  }

  /** Watches `socket`, which signed in with `token` as `user`. */
  add(socket: WebSocket, token: string, user: User): void {
    this.open.set(socket, { token, user });
    socket.once("close", () => this.open.delete(socket));
  }

  /** Closes the connections whose token no longer resolves to the same user and role; how many. */
  async recheck(): Promise<number> {
    let closed = 0;
    const byToken = new Map<string, Promise<User | null>>();
    for (const [socket, signed] of [...this.open]) {
      let answer = byToken.get(signed.token);
      if (!answer) byToken.set(signed.token, (answer = userForToken(this.db, signed.token)));
      let now: User | null;
      try {
        now = await answer;
      } catch (err) {
        // A database that is away proves nothing about a token: keep the connections, look again next time.
        this.logger.debug({ err }, "could not recheck the WebSocket sessions' tokens");
        return closed;
      }
      if (now && sameUser(now, signed.user)) continue;
      this.open.delete(socket);
      socket.close(TOKEN_CHANGED, now ? "your role changed; reconnect" : "token no longer accepted; sign in again");
      closed++;
    }
    if (closed > 0) this.logger.info({ closed }, "closed WebSockets whose token or role changed");
    return closed;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
