import { RUN_STATUSES, type RunStatus } from "@minima/metrics";
import { and, asc, count, desc, eq, getTableColumns, inArray, like, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { experiments, runs, users } from "../schema/index.ts";
import { withDependencies, type Run } from "./runs.ts";
import { annotationContains, containsText, literal, taggedWith } from "./text-search.ts";

/** Which runs a page lists; every field narrows it. */
export interface RunFilter {
  experimentId?: string | undefined;
  status?: RunStatus | readonly RunStatus[] | undefined;
  /** The owner's user name. */
  owner?: string | undefined;
  preset?: string | undefined;
  /**
   * Case-insensitive part of the run's title, key, name, notes or tags, or of its experiment's
   * title, name, notes or tags, or a run-id prefix.
   */
  search?: string | undefined;
  /** A tag the run or its experiment carries. */
  tag?: string | undefined;
}

/** "queue": oldest experiment first, its runs by key (the order they were planned in); "newest": newest experiment first. */
export type RunOrder = "queue" | "newest";

export interface RunPageRequest extends RunFilter {
  order?: RunOrder | undefined;
  /** `nextCursor` of the previous page; absent for the first. */
  cursor?: string | null | undefined;
  limit?: number | undefined;
}

/** A run as a list shows it: everything but its configuration (runs.get has that). */
export type ListedRun = Omit<Run, "config"> & { owner: string; experimentTitle: string; experimentName: string | null; experimentTags: string[]; preset: string };

const { config: _config, ...listedColumns } = getTableColumns(runs);

export interface RunPage {
  items: ListedRun[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
  /** How many runs match the filter, on all pages. */
  total: number;
}

/** A malformed cursor (not one this database handed out). */
export class CursorError extends Error {
  override name = "CursorError";
}

/** The position after a run: its exact creation time (as PostgreSQL prints it), key and id. */
interface Position {
  createdAt: string;
  key: string;
  id: string;
}

const encodeCursor = (position: Position) => Buffer.from(JSON.stringify([position.createdAt, position.key, position.id])).toString("base64url");

/** timestamptz::text as PostgreSQL prints it (DateStyle ISO): "2026-01-02 03:04:05.123456+00", the offset ±HH[:MM[:SS]]. */
const PRINTED_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2})(?::(\d{2}))?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A UTF-16 surrogate that is not half of a pair: like NUL, no query parameter can carry it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Far longer than any plan's run key. */
const MAX_KEY_LENGTH = 500;

function isPrintedTimestamp(text: string): boolean {
  const match = PRINTED_TIMESTAMP.exec(text);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0, offsetSeconds = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 15 && offsetMinutes <= 59 && offsetSeconds <= 59;
}

const isRunKey = (key: unknown): key is string =>
  typeof key === "string" && key.length > 0 && key.length <= MAX_KEY_LENGTH && !key.includes("\u0000") && !LONE_SURROGATE.test(key);

/**
 * The position a cursor names, checked whole: anything a query would choke on (an impossible date,
 * a malformed id, NUL in the key) is as foreign as a cursor that does not decode at all.
 */
function decodeCursor(cursor: string): Position {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    // reported below
  }
  if (Array.isArray(decoded) && decoded.length === 3) {
    const [createdAt, key, id] = decoded as unknown[];
    if (typeof createdAt === "string" && isPrintedTimestamp(createdAt) && isRunKey(key) && typeof id === "string" && UUID.test(id)) return { createdAt, key, id };
  }
  throw new CursorError("This cursor was not handed out by runs.list; start again without one.");
}

function where(filter: RunFilter): SQL | undefined {
  const statuses = filter.status === undefined ? [] : typeof filter.status === "string" ? [filter.status] : [...filter.status];
  for (const status of statuses) if (!RUN_STATUSES.includes(status)) throw new Error(`Unknown run status "${status}".`);
  const search = filter.search?.trim();
  return and(
    filter.experimentId ? eq(runs.experimentId, filter.experimentId) : undefined,
    statuses.length > 0 ? inArray(runs.status, statuses) : undefined,
    filter.owner ? eq(users.name, filter.owner) : undefined,
    filter.preset ? eq(experiments.preset, filter.preset) : undefined,
    search
      ? or(
          containsText(runs.title, search),
          containsText(runs.key, search),
          containsText(experiments.title, search),
          annotationContains(runs, search),
          annotationContains(experiments, search),
          like(sql`${runs.id}::text`, `${literal(search.toLowerCase())}%`),
        )
      : undefined,
    filter.tag?.trim() ? or(taggedWith(runs, filter.tag), taggedWith(experiments, filter.tag)) : undefined,
  );
}

function after(position: Position, order: RunOrder): SQL {
  const sameTime = sql`${runs.createdAt} = ${position.createdAt}::timestamptz`;
  const laterInTime = order === "queue" ? sql`${runs.createdAt} > ${position.createdAt}::timestamptz` : sql`${runs.createdAt} < ${position.createdAt}::timestamptz`;
  return sql`(${laterInTime} or (${sameTime} and (${runs.key}, ${runs.id}) > (${position.key}, ${position.id}::uuid)))`;
}

/**
 * One page of runs with their owner and experiment, by keyset: a page starts after the last run
 * of the one before, so runs queued meanwhile neither shift nor repeat what a client pages through.
 */
export async function pageRuns(db: Db, request: RunPageRequest = {}): Promise<RunPage> {
  const order = request.order ?? "queue";
  const limit = request.limit ?? 100;
  const filter = where(request);
  const start = request.cursor ? after(decodeCursor(request.cursor), order) : undefined;
  const rows = await db
    .select({
      run: listedColumns,
      owner: users.name,
      experimentTitle: experiments.title,
      experimentName: experiments.name,
      experimentTags: experiments.tags,
      preset: experiments.preset,
      exactCreatedAt: sql<string>`${runs.createdAt}::text`,
    })
    .from(runs)
    .innerJoin(experiments, eq(runs.experimentId, experiments.id))
    .innerJoin(users, eq(experiments.ownerId, users.id))
    .where(and(filter, start))
    .orderBy(order === "queue" ? asc(runs.createdAt) : desc(runs.createdAt), asc(runs.key), asc(runs.id))
    .limit(limit + 1);
  const [counted] = await db
    .select({ n: count() })
    .from(runs)
    .innerJoin(experiments, eq(runs.experimentId, experiments.id))
    .innerJoin(users, eq(experiments.ownerId, users.id))
    .where(filter);
  const page = rows.slice(0, limit);
  const withDeps = await withDependencies(db, page.map((row) => row.run));
  const last = page.at(-1);
  return {
    items: withDeps.map((run, i) => {
      const { owner, experimentTitle, experimentName, experimentTags, preset } = page[i]!;
      return { ...run, owner, experimentTitle, experimentName, experimentTags, preset };
    }),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.exactCreatedAt, key: last.run.key, id: last.run.id }) : null,
    total: Number(counted?.n ?? 0),
  };
}
