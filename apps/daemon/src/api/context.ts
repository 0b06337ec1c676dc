import { userForToken, type Db, type User } from "@minima/db";
import { TRPCError } from "@trpc/server";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EventBus } from "../daemon/event-bus.ts";
import type { Logger } from "../daemon/logger.ts";
import type { MachineMonitor } from "../machine/machine-monitor.ts";
import type { Scheduler } from "../scheduler/scheduler.ts";
import type { FailedAuthLimiter } from "./rate-limit.ts";
import { refusalOf } from "./refusals.ts";

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
  user: User | null;
  /** The daemon's logger, bound to this request's id (`reqId`) or WebSocket connection's (`connId`). */
  logger: Logger;
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

/** A procedure's context: the services, the caller's user (see userOf) and the request's logger. */
export async function createContext(services: Services, caller: Caller, limiter: FailedAuthLimiter, logger: Logger): Promise<Context> {
  return { ...services, user: await userOf(services, caller, limiter), logger };
}
