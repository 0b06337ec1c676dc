import { RUN_STATUSES, type RunSettingFilter, type RunStatus } from "@minima/metrics";
import { and, count, eq, getTableColumns, inArray, like, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../client.ts";
import { experiments, runs, users } from "../schema/index.ts";
import { afterPosition, cursorValue, orderBy, RUN_SORT_KEYS, settingExpression, sortTerms, type RunSortKey, type SortDirection, type SortTerm } from "./run-sort.ts";
import { settingMatches } from "./run-setting-filter.ts";
import { withDependencies, type Run } from "./runs.ts";
import { annotationContains, containsText, literal, taggedWith } from "./text-search.ts";

/** Which runs a page lists; every field narrows it (the settings, final metrics and time: RunSettingFilter). */
export interface RunFilter extends RunSettingFilter {
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

/**
 * Without a `sort`: running runs, then queued ones, then the rest, each group in "queue" order
 * (oldest experiment first, its runs by key: the order they were planned in) or "newest" first.
 */
export type RunOrder = "queue" | "newest";

export interface RunPageRequest extends RunFilter {
  order?: RunOrder | undefined;
  /** A column to sort by instead of `order`; ties are broken by run id. */
  sort?: RunSortKey | undefined;
  /** Of `sort` (default "asc"); NULLs (a run with no test accuracy yet) come last either way. */
  direction?: SortDirection | undefined;
  /** `nextCursor` of the previous page; absent for the first. */
  cursor?: string | null | undefined;
  limit?: number | undefined;
}

/** What a list shows of a run's configuration and results; null where its kind has none. */
export interface RunSettings {
  mode: string | null;
  init: string | null;
  /** Algorithm 1's replicas per image (R). */
  replicas: number | null;
  seed: number | null;
  model: string | null;
  dataset: string | null;
  trainAcc: number | null;
  testAcc: number | null;
  trainLoss: number | null;
  testLoss: number | null;
}

/** A run as a list shows it: everything but its configuration (runs.get has that). */
export type ListedRun = Omit<Run, "config"> & { owner: string; experimentTitle: string; experimentName: string | null; experimentTags: string[]; preset: string } & RunSettings;

const SETTING_KEYS = ["mode", "init", "replicas", "seed", "model", "dataset", "trainAcc", "testAcc", "trainLoss", "testLoss"] as const satisfies readonly (keyof RunSettings & RunSortKey)[];

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

/** The position after a run: the sort it was handed out for, the run's value of each sort term, and its id. */
interface Position {
  sort: RunSortKey;
  direction: SortDirection;
  values: (string | number | null)[];
  id: string;
}

const encodeCursor = (position: Position) => Buffer.from(JSON.stringify([position.sort, position.direction, ...position.values, position.id])).toString("base64url");

/** timestamptz::text as PostgreSQL prints it (DateStyle ISO): "2026-01-02 03:04:05.123456+00", the offset ±HH[:MM[:SS]]. */
const PRINTED_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2})(?::(\d{2}))?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A UTF-16 surrogate that is not half of a pair: like NUL, no query parameter can carry it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Far longer than any run key, title or user name. */
const MAX_TEXT_LENGTH = 2000;

function isPrintedTimestamp(text: string): boolean {
  const match = PRINTED_TIMESTAMP.exec(text);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0, offsetSeconds = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 15 && offsetMinutes <= 59 && offsetSeconds <= 59;
}

const isText = (text: unknown): text is string =>
  typeof text === "string" && text.length <= MAX_TEXT_LENGTH && !text.includes("\u0000") && !LONE_SURROGATE.test(text);

function isTermValue(term: SortTerm, value: unknown): value is string | number | null {
  if (value === null) return true;
  if (term.type === "number") return typeof value === "number" && Number.isFinite(value);
  if (term.type === "timestamp") return typeof value === "string" && isPrintedTimestamp(value);
  return isText(value);
}

/**
 * The position a cursor names, checked whole against the sort it is used with: anything a query
 * would choke on (an impossible date, a malformed id, NUL in a text) is as foreign as a cursor
 * that does not decode at all, and so is a cursor of another sort.
 */
function decodeCursor(cursor: string, sort: RunSortKey, direction: SortDirection, terms: readonly SortTerm[]): Position {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    // reported below
  }
  if (Array.isArray(decoded) && decoded.length === terms.length + 3 && decoded[0] === sort && decoded[1] === direction) {
    const values = decoded.slice(2, -1) as unknown[];
    const id: unknown = decoded.at(-1);
    if (typeof id === "string" && UUID.test(id) && terms.every((term, i) => isTermValue(term, values[i]))) {
      return { sort, direction, values: values as Position["values"], id };
    }
  }
  throw new CursorError("This cursor was not handed out by runs.list for this sort; start again without one.");
}

/** The tables a filter reads: the listed run's, or an alias's (the run another was reused from). */
interface Tables {
  runs: typeof runs;
  experiments: typeof experiments;
  users: typeof users;
}

function matches(filter: RunFilter, t: Tables): SQL | undefined {
  const statuses = filter.status === undefined ? [] : typeof filter.status === "string" ? [filter.status] : [...filter.status];
  for (const status of statuses) if (!RUN_STATUSES.includes(status)) throw new Error(`Unknown run status "${status}".`);
  const search = filter.search?.trim();
  return and(
    filter.experimentId ? eq(t.runs.experimentId, filter.experimentId) : undefined,
    statuses.length > 0 ? inArray(t.runs.status, statuses) : undefined,
    filter.owner ? eq(t.users.name, filter.owner) : undefined,
    filter.preset ? eq(t.experiments.preset, filter.preset) : undefined,
    search
      ? or(
          containsText(t.runs.title, search),
          containsText(t.runs.key, search),
          containsText(t.experiments.title, search),
          annotationContains(t.runs, search),
          annotationContains(t.experiments, search),
          like(sql`${t.runs.id}::text`, `${literal(search.toLowerCase())}%`),
        )
      : undefined,
    filter.tag?.trim() ? or(taggedWith(t.runs, filter.tag), taggedWith(t.experiments, filter.tag)) : undefined,
    settingMatches(filter, t.runs),
  );
}

/**
 * The filter, each run once. A run a later experiment reused (createExperiment stores a copy with
 * `reused_from`, so that experiment lists it) is the same run: the copy is left out wherever the
 * run it was reused from is listed too, and shown where that one is not (its own experiment's list).
 */
function where(filter: RunFilter): SQL | undefined {
  const original = { runs: alias(runs, "original"), experiments: alias(experiments, "original_experiment"), users: alias(users, "original_owner") } as unknown as Tables;
  const originalListed = sql`exists (select 1 from runs original
    join experiments original_experiment on ${original.experiments.id} = ${original.runs.experimentId}
    join users original_owner on ${original.users.id} = ${original.experiments.ownerId}
    where ${and(eq(original.runs.id, runs.reusedFrom), matches(filter, original))})`;
  return and(matches(filter, { runs, experiments, users }), sql`(${runs.reusedFrom} is null or not ${originalListed})`);
}

/** The sort a request asks for: a column, or the default order (live runs first). */
function sortOf(request: RunPageRequest): { sort: RunSortKey; direction: SortDirection } {
  if (request.sort) {
    if (!RUN_SORT_KEYS.includes(request.sort)) throw new Error(`Unknown sort "${request.sort}"; expected one of ${RUN_SORT_KEYS.join(", ")}.`);
    return { sort: request.sort, direction: request.direction ?? "asc" };
  }
  return request.order === "newest" ? { sort: "created", direction: "desc" } : { sort: "queue", direction: "asc" };
}

/**
 * One page of runs with their owner, experiment, settings and final metrics, by keyset: a page
 * starts after the last run of the one before (its values of the sort terms, then its id), so runs
 * queued meanwhile neither shift nor repeat what a client pages through.
 */
export async function pageRuns(db: Db, request: RunPageRequest = {}): Promise<RunPage> {
  const { sort, direction } = sortOf(request);
  const terms = sortTerms(sort, direction);
  const limit = request.limit ?? 100;
  const filter = where(request);
  const start = request.cursor ? decodeCursor(request.cursor, sort, direction, terms) : undefined;
  const settings = Object.fromEntries(SETTING_KEYS.map((key) => [key, settingExpression(key)])) as Record<(typeof SETTING_KEYS)[number], SQL>;
  const rows = await db
    .select({
      run: listedColumns,
      owner: users.name,
      experimentTitle: experiments.title,
      experimentName: experiments.name,
      experimentTags: experiments.tags,
      preset: experiments.preset,
      ...Object.fromEntries(terms.map((term, i) => [`position${i}`, cursorValue(term)])),
      ...settings,
    })
    .from(runs)
    .innerJoin(experiments, eq(runs.experimentId, experiments.id))
    .innerJoin(users, eq(experiments.ownerId, users.id))
    .where(and(filter, start ? afterPosition(terms, start.values, start.id) : undefined))
    .orderBy(...orderBy(terms))
    .limit(limit + 1);
  const [counted] = await db
    .select({ n: count() })
    .from(runs)
    .innerJoin(experiments, eq(runs.experimentId, experiments.id))
    .innerJoin(users, eq(experiments.ownerId, users.id))
    .where(filter);
  const page = rows.slice(0, limit);
  const withDeps = await withDependencies(db, page.map((row) => row.run));
  const last = page.at(-1) as Record<string, unknown> | undefined;
  const positionOf = (row: Record<string, unknown>) => terms.map((term, i) => positionValue(term, row[`position${i}`]));
  return {
    items: withDeps.map((run, i) => {
      const row = page[i]!;
      const { owner, experimentTitle, experimentName, experimentTags, preset } = row;
      const values = Object.fromEntries(SETTING_KEYS.map((key) => [key, settingValue(key, (row as Record<string, unknown>)[key])])) as unknown as RunSettings;
      return { ...run, owner, experimentTitle, experimentName, experimentTags, preset, ...values };
    }),
    nextCursor: rows.length > limit && last ? encodeCursor({ sort, direction, values: positionOf(last), id: (last.run as { id: string }).id }) : null,
    total: Number(counted?.n ?? 0),
  };
}

/** Drivers hand float8 back as a number and some computed values as text: a cursor holds numbers as numbers. */
function positionValue(term: SortTerm, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (term.type === "number") return Number(value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

const TEXT_SETTINGS: ReadonlySet<string> = new Set(["mode", "init", "model", "dataset"]);
function settingValue(key: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (!TEXT_SETTINGS.has(key)) return Number(value);
  return typeof value === "string" ? value : JSON.stringify(value);
}
