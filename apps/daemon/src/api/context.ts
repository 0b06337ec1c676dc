import { userForToken, type Db, type User } from "@minima/db";
import { TRPCError } from "@trpc/server";
import type { WebSocket } from "ws";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EventBus } from "../daemon/event-bus.ts";
import type { Logger } from "../daemon/logger.ts";
import type { MachineMonitor } from "../machine/machine-monitor.ts";
import type { Scheduler } from "../scheduler/scheduler.ts";
import type { FailedAuthLimiter } from "./rate-limit.ts";
import { refusalOf } from "./refusals.ts";
import type { SocketSessions } from "./socket-sessions.ts";

/** What every procedure can reach: the daemon's services and the caller. */
export interface Services {
  db: Db;
  bus: EventBus;
  store: ArtifactStore;
  scheduler: Scheduler;
  version: string;
  startedAt: number;
  engine: () => EngineSummary | null;
  /** This daemon's host, sampled every few seconds. */
  machine: MachineMonitor;
}

export interface EngineSummary {
  backend: string;
  provider: string;
  device: string;
  fallbackReason: string | null;
}

export interface Context extends Services {
  /** Who the token was when the request came (for a WebSocket: when it opened; see `currentUser`). */
  user: User | null;
  /** Whether the caller sent a token at all (so a refusal can say "not accepted" rather than "sign in"). */
  tokenGiven?: boolean | undefined;
  /** The daemon's logger, bound to this request's id (`reqId`) or WebSocket connection's (`connId`). */
  logger: Logger;
  /** The API server's open WebSockets, to recheck after a change to users or tokens (none for a call without a server: createCaller). */
  sockets?: SocketSessions | undefined;
  /** WebSocket calls only: the token's user now, looked up again for each call (it may since have been revoked). */
  currentUser?: (() => Promise<User | null>) | undefined;
}

/** Reads a bearer token from an Authorization header or WebSocket connection params. */
export function tokenFrom(authorization: string | undefined, connectionParams?: Record<string, unknown> | null): string | null {
  const fromParams = connectionParams?.token;
  if (typeof fromParams === "string" && fromParams) return fromParams;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}

/**
 * What a token minima issues can look like (`mnm_` and base64url; base64's `+/=` and `.~` left in
 * for tokens minted elsewhere), at most 200 characters: anything else (a NUL byte, a space, a
 * megabyte) matches no user and is not worth a database query.
 */
const TOKEN_SHAPE = /^[\w.~+/=-]{1,200}$/;

/** Whether a bearer token could be one minima issued. */
export const isPlausibleToken = (token: string) => TOKEN_SHAPE.test(token);

/** A refused token check; `retryAfterS` becomes the HTTP Retry-After header. */
export class RateLimitedError extends TRPCError {
  constructor(
    address: string,
    readonly retryAfterS: number,
  ) {
    super({
      code: "TOO_MANY_REQUESTS",
      message: `Too many failed token checks from ${address}; retry after ${retryAfterS} s with a valid token.`,
    });
  }
}

export interface Caller {
  token: string | null;
  /** The remote address, which failed token checks are counted against. */
  address: string;
}

/**
 * Resolves the caller's token to a user. Failed checks spend the address's bucket; once it is
 * empty, no token from there is looked up (a right guess would look no different) until it refills.
 */
export async function userOf(services: Services, caller: Caller, limiter: FailedAuthLimiter): Promise<User | null> {
  const { token, address } = caller;
  if (!token) return null;
  const wait = limiter.retryAfterS(address);
  if (wait > 0) throw new RateLimitedError(address, wait);
  // A database that is away is a temporary refusal here too, not an internal error.
  const user = isPlausibleToken(token)
    ? await userForToken(services.db, token).catch((error: unknown) => {
        throw refusalOf(error) ?? error;
      })
    : null;
  if (!user) limiter.fail(address);
  return user;
}

/** Where a procedure is called from: one HTTP request, or one WebSocket connection (`socket`) and all its calls. */
export interface Origin {
  caller: Caller;
  logger: Logger;
  socket?: WebSocket;
}

/** A procedure's context: the services, the caller's user (see userOf) and the request's logger. */
export async function createContext(services: Services, origin: Origin, limiter: FailedAuthLimiter, sockets: SocketSessions): Promise<Context> {
  const { caller, logger, socket } = origin;
  const user = await userOf(services, caller, limiter);
  const context: Context = { ...services, user, tokenGiven: caller.token !== null, logger, sockets };
  // A socket whose token was accepted is watched, and its token looked up again for each call; one refused stays refused.
  if (!socket || !user || !caller.token) return context;
  sockets.add(socket, caller.token, user);
  return { ...context, currentUser: () => userOf(services, caller, limiter) };
}
