import { RUN_STATUSES, type RunStatus } from "@minima/metrics";
import { listAllRuns } from "../../client/index.ts";
import type { Command } from "../command.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, withClient } from "./connection.ts";
import { textTable } from "./text-table.ts";

export const queueCommand: Command = {
  name: "queue",
  usage: `Usage: minima queue [options]                       list experiments, newest first
       minima queue --experiment ID                 the runs of one experiment
       minima queue --preset NAME [--profile P] [--option KEY=VALUE ...]   queue an experiment

  --experiment ID       List this experiment's runs
  --status STATUS       Only runs (or experiments) in this status
  --preset NAME         Queue an experiment from this preset (e.g. table2-ablation, figure1-toy)
  --profile P           The preset's profile (cpu or paper), the same as --option profile=P
  --option KEY=VALUE    A preset option; repeat for several (numbers and true/false are typed)
  --memory-gb N         With --preset: each run's expected GPU memory in GiB; runs with an
                        estimate share a GPU while their sum fits (without: a GPU each)
  --dry-run             With --preset: show the runs it would queue, queue nothing
  --json                Machine-readable output
${CONNECTION_HELP}`,
  options: {
    ...CONNECTION_OPTIONS,
    experiment: { type: "string" },
    status: { type: "string" },
    preset: { type: "string" },
    profile: { type: "string" },
    option: { type: "string", multiple: true },
    "memory-gb": { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
  },
  run: (values) => {
    const options = parseOptions(values.option as unknown as string[] | undefined, values.profile);
    if (typeof options === "string") {
      console.error(`minima queue: ${options}`);
      return Promise.resolve(2);
    }
    const memoryGiB = typeof values["memory-gb"] === "string" ? Number(values["memory-gb"]) : undefined;
    if (memoryGiB !== undefined && !(memoryGiB > 0)) {
      console.error(`minima queue: --memory-gb must be a positive number of GiB; got "${String(values["memory-gb"])}".`);
      return Promise.resolve(2);
    }
    if (typeof values.status === "string" && !RUN_STATUSES.includes(values.status as RunStatus)) {
      console.error(`minima queue: --status must be one of ${RUN_STATUSES.join(", ")}; got "${values.status}".`);
      return Promise.resolve(2);
    }
    return withClient("queue", values, async ({ api }) => {
      const json = values.json === true;
      const status = typeof values.status === "string" ? (values.status as RunStatus) : undefined;
      if (typeof values.preset === "string") {
        const input = { preset: values.preset, options };
        if (values["dry-run"]) {
          const plan = await api.experiments.plan.query(input);
          print(json, plan, () => textTable([["key", "epochs", "after"], ...plan.runs.map((r) => [r.key, String(r.epochs), r.dependsOn.join(", ")])]));
          return 0;
        }
        const { id } = await api.experiments.create.mutate({ ...input, ...(memoryGiB === undefined ? {} : { memoryGiB }) });
        const { runs } = await api.experiments.get.query({ id });
        print(json, { id, runs }, () => `queued experiment ${id}: ${runs.length} runs\n  minima status ${id}`);
        return 0;
      }
      if (typeof values.experiment === "string") {
        const runs = await listAllRuns(api, { experimentId: values.experiment, ...(status ? { status } : {}) });
        print(json, runs, () =>
          textTable([
            ["run", "key", "status", "epoch", "backend"],
            ...runs.map((r) => [r.id, r.key, r.status, `${r.epoch}/${r.epochs}`, r.backend ?? ""]),
          ]),
        );
        return 0;
      }
      const experiments = (await api.experiments.list.query()).filter((e) => !status || e.status === status);
      print(json, experiments, () =>
        experiments.length === 0
          ? "No experiments. Queue one: minima queue --preset figure1-toy --option epochScale=0.01"
          : textTable([
              ["experiment", "preset", "status", "runs", "owner", "created"],
              ...experiments.map((e) => [e.id, e.preset, e.status, countsText(e.runCounts), e.owner, e.createdAt.slice(0, 16).replace("T", " ")]),
            ]),
      );
      return 0;
    });
  },
};

function print(json: boolean, value: unknown, text: () => string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text());
}

/** "3 succeeded, 1 running, 12 queued": the non-zero counts. */
export function countsText(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(", ");
}

/** KEY=VALUE pairs as preset options: numbers and booleans typed, everything else a string. */
export function parseOptions(pairs: readonly string[] | undefined, profile: string | boolean | undefined): Record<string, unknown> | string {
  const options: Record<string, unknown> = {};
  if (typeof profile === "string") options.profile = profile;
  for (const pair of pairs ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) return `--option takes KEY=VALUE (e.g. --option seeds=1); got "${pair}".`;
    const key = pair.slice(0, at);
    const raw = pair.slice(at + 1);
    options[key] = raw === "true" ? true : raw === "false" ? false : raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return options;
}
