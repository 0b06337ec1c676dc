import { userForToken, type Db, type User } from "@minima/db";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EventBus } from "../daemon/event-bus.ts";
import type { Scheduler } from "../scheduler/scheduler.ts";

/** What every procedure can reach: the daemon's services and the caller. */
export interface Services {
  db: Db;
  bus: EventBus;
  store: ArtifactStore;
  scheduler: Scheduler;
  version: string;
  startedAt: number;
  engine: () => EngineSummary | null;
}

export interface EngineSummary {
  backend: string;
  provider: string;
  device: string;
  fallbackReason: string | null;
}

export interface Context extends Services {
  user: User | null;
}

/** Reads a bearer token from an Authorization header or WebSocket connection params. */
export function tokenFrom(authorization: string | undefined, connectionParams?: Record<string, unknown> | null): string | null {
  const fromParams = connectionParams?.token;
  if (typeof fromParams === "string" && fromParams) return fromParams;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}

export async function createContext(services: Services, token: string | null): Promise<Context> {
  // Token strings longer than any issued token are not looked up at all.
  const user = token && token.length <= 200 ? await userForToken(services.db, token) : null;
  return { ...services, user };
}
