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

const configText = (path: string) => sql`(${runs.config} #>> ${`{${path}}`}::text[])`;
/** A number from the run's config, or NULL where the config holds none (a toy run has no seed). */
const configNumber = (path: string) =>
  sql`(case when jsonb_typeof(${runs.config} #> ${`{${path}}`}::text[]) = 'number' then (${runs.config} #>> ${`{${path}}`}::text[])::float8 end)`;

/**
 * R: Algorithm 1's replicas per image. A pre-training run has it in its config; the vanilla run
 * that starts from its weights (start = "dependency") takes its dependency's.
 */
const replicas = sql`coalesce(${configNumber("confusion,replicas")}, (
  select (d.config #>> '{confusion,replicas}')::float8 from run_dependencies rd join runs d on d.id = rd.depends_on_id
  where rd.run_id = ${runs.id} and jsonb_typeof(d.config #> '{confusion,replicas}') = 'number' limit 1))`;

/** "adversarial" for a run that starts from Algorithm 1's weights, else its initializer ("paper", "framework"). */
const init = sql`(case when ${configText("start")} = 'dependency' then 'adversarial' else ${configText("init")} end)`;

/**
 * A metric's last stored value, as the workers log it once per evaluation (train_acc, test_loss…):
 * the newest row by id, found through metrics_run_idx without reading the run's other rows.
 */
export const finalMetric = (name: string) => sql`(select m.value from metrics m where m.run_id = ${runs.id} and m.name = ${name} order by m.id desc limit 1)`;

/** Active time in milliseconds: what it ran before its current attempt, plus the attempt while running. */
const duration = sql`(${runs.activeMs} + case when ${runs.status} = 'running' and ${runs.startedAt} is not null
  then floor(extract(epoch from (now() - ${runs.startedAt})) * 1000) else 0 end)::float8`;

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
    case "mode":
      return [term(configText("mode"), "text")];
    case "init":
      return [term(init, "text")];
    case "replicas":
      return [term(replicas, "number")];
    case "seed":
      return [term(configNumber("seed"), "number")];
    case "model":
      return [term(configText("model"), "text")];
    case "dataset":
      return [term(configText("dataset"), "text")];
    case "trainAcc":
      return [term(finalMetric("train_acc"), "number")];
    case "testAcc":
      return [term(finalMetric("test_acc"), "number")];
    case "trainLoss":
      return [term(finalMetric("train_loss"), "number")];
    case "testLoss":
      return [term(finalMetric("test_loss"), "number")];
    case "duration":
      return [term(duration, "number")];
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
