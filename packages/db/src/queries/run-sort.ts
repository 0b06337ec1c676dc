import { sql, type SQL } from "drizzle-orm";
import { experiments, runs, users } from "../schema/index.ts";

/** The columns a run list can be sorted by; "queue" and "created" put running, then queued runs first. */
export const RUN_SORT_KEYS = [
  "queue",
  "created",
  "status",
  "owner",
  "experiment",
  "name",
  "mode",
  "init",
  "replicas",
  "seed",
  "model",
  "dataset",
  "trainAcc",
  "testAcc",
  "trainLoss",
  "testLoss",
  "duration",
] as const;
export type RunSortKey = (typeof RUN_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

/** How a term's value travels in a cursor: as PostgreSQL prints it (text, timestamp) or as a JSON number. */
type TermType = "text" | "number" | "timestamp";

/** One ORDER BY term: its expression, direction and type. NULLs always sort last. */
export interface SortTerm {
  expression: SQL;
  direction: SortDirection;
  type: TermType;
}

/** The runs table, or an alias of it (the run a listed one was reused from). */
type RunsTable = typeof runs;

const configText = (r: RunsTable, path: string) => sql`(${r.config} #>> ${`{${path}}`}::text[])`;
/** A number from the run's config, or NULL where the config holds none (a toy run has no seed). */
const configNumber = (r: RunsTable, path: string) =>
  sql`(case when jsonb_typeof(${r.config} #> ${`{${path}}`}::text[]) = 'number' then (${r.config} #>> ${`{${path}}`}::text[])::float8 end)`;

/**
 * R: Algorithm 1's replicas per image. A pre-training run has it in its config; the vanilla run
 * that starts from its weights (start = "dependency") takes its dependency's.
 */
const replicas = (r: RunsTable) => sql`coalesce(${configNumber(r, "confusion,replicas")}, (
  select (d.config #>> '{confusion,replicas}')::float8 from run_dependencies rd join runs d on d.id = rd.depends_on_id
  where rd.run_id = ${r.id} and jsonb_typeof(d.config #> '{confusion,replicas}') = 'number' limit 1))`;

/** "adversarial" for a run that starts from Algorithm 1's weights, else its initializer ("paper", "framework"). */
const init = (r: RunsTable) => sql`(case when ${configText(r, "start")} = 'dependency' then 'adversarial' else ${configText(r, "init")} end)`;

/**
 * A metric's last stored value, as the workers log it once per evaluation (train_acc, test_loss…):
 * the newest row by id, found through metrics_run_idx without reading the run's other rows.
 */
const finalMetric = (r: RunsTable, name: string) => sql`(select m.value from metrics m where m.run_id = ${r.id} and m.name = ${name} order by m.id desc limit 1)`;

/** Active time in milliseconds: what it ran before its current attempt, plus the attempt while running. */
const duration = (r: RunsTable) => sql`(${r.activeMs} + case when ${r.status} = 'running' and ${r.startedAt} is not null
  then floor(extract(epoch from (now() - ${r.startedAt})) * 1000) else 0 end)::float8`;

/** The settings, final metrics and time a list shows, sorts and filters by, and how each is read. */
const SETTINGS = {
  mode: (r: RunsTable) => configText(r, "mode"),
  init,
  replicas,
  seed: (r: RunsTable) => configNumber(r, "seed"),
  model: (r: RunsTable) => configText(r, "model"),
  dataset: (r: RunsTable) => configText(r, "dataset"),
  trainAcc: (r: RunsTable) => finalMetric(r, "train_acc"),
  testAcc: (r: RunsTable) => finalMetric(r, "test_acc"),
  trainLoss: (r: RunsTable) => finalMetric(r, "train_loss"),
  testLoss: (r: RunsTable) => finalMetric(r, "test_loss"),
  duration,
} satisfies Partial<Record<RunSortKey, (r: RunsTable) => SQL>>;
export type SettingKey = keyof typeof SETTINGS;
const TEXT_SETTINGS: ReadonlySet<SettingKey> = new Set(["mode", "init", "model", "dataset"]);

/** A setting's value in SQL (text for mode, init, model and dataset; float8 for the rest) of `r`, by default the listed run. */
export const settingExpression = (key: SettingKey, r: RunsTable = runs): SQL => SETTINGS[key](r);
export const isTextSetting = (key: SettingKey): boolean => TEXT_SETTINGS.has(key);

/** Running runs, then queued ones, then the rest: what a user looks for first. */
const liveFirst: SortTerm = { expression: sql`(case ${runs.status} when 'running' then 0 when 'queued' then 1 else 2 end)::float8`, direction: "asc", type: "number" };

/** The ORDER BY of a sort, the run id (ascending) breaking every tie. */
export function sortTerms(key: RunSortKey, direction: SortDirection): SortTerm[] {
  const term = (expression: SQL, type: TermType, dir: SortDirection = direction): SortTerm => ({ expression, direction: dir, type });
  const createdAt = term(sql`${runs.createdAt}`, "timestamp");
  const runKey = term(sql`${runs.key}`, "text", "asc");
  switch (key) {
    case "queue":
      return [liveFirst, term(sql`${runs.createdAt}`, "timestamp", "asc"), runKey];
    case "created":
      return [liveFirst, createdAt, runKey];
    case "status":
      return [term(sql`${runs.status}`, "text")];
    case "owner":
      return [term(sql`${users.name}`, "text")];
    case "experiment":
      return [term(sql`coalesce(${experiments.name}, ${experiments.title})`, "text"), runKey];
    case "name":
      return [term(sql`coalesce(${runs.name}, ${runs.title})`, "text")];
    default:
      return [term(settingExpression(key), isTextSetting(key) ? "text" : "number")];
  }
}

/** The SELECT expression that reads a term's value for a cursor (a timestamp exactly as PostgreSQL prints it). */
export const cursorValue = (term: SortTerm): SQL => (term.type === "timestamp" ? sql`(${term.expression})::text` : term.expression);

export const orderBy = (terms: readonly SortTerm[]): SQL[] => [
  ...terms.map((t) => sql`${t.expression} ${sql.raw(t.direction)} nulls last`),
  sql`${runs.id} asc`,
];

const cast = (type: TermType) => sql.raw(type === "timestamp" ? "timestamptz" : type === "number" ? "float8" : "text");

/**
 * Rows strictly after a position in the order of `terms` (then id): for each term, either past it
 * or equal to it and after on the rest. NULLs come last whatever the direction.
 */
export function afterPosition(terms: readonly SortTerm[], values: readonly (string | number | null)[], id: string): SQL {
  let rest = sql`${runs.id} > ${id}::uuid`;
  for (let i = terms.length - 1; i >= 0; i--) {
    const { expression, direction, type } = terms[i]!;
    const value = values[i] ?? null;
    if (value === null) {
      rest = sql`(${expression} is null and ${rest})`;
      continue;
    }
    const bound = sql`${value}::${cast(type)}`;
    const past = direction === "asc" ? sql`${expression} > ${bound}` : sql`${expression} < ${bound}`;
    rest = sql`(${past} or ${expression} is null or (${expression} = ${bound} and ${rest}))`;
  }
  return rest;
}
