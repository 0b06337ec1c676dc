/**
 * Table 2 of the paper at CPU scale, from a script: queue the ablation, wait for its runs over
 * the daemon's WebSocket, print the table.
 *
 *   MINIMA_TOKEN=mnm_… pnpm --filter @minima/daemon exec tsx examples/table2-cpu.ts
 *   … examples/table2-cpu.ts --url http://gpu-host:4000 --option seeds=2 --format latex
 *   … examples/table2-cpu.ts --miniature     # 17 tiny runs on synthetic data: a smoke test
 */
import { createMinimaClient } from "@minima/daemon/client";
import { EXPORT_FORMATS, exportTable2, isFinished, type ExportFormat, type RunStatus } from "@minima/metrics";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.MINIMA_URL ?? "http://127.0.0.1:4000" },
    token: { type: "string", default: process.env.MINIMA_TOKEN ?? "" },
    option: { type: "string", multiple: true, default: [] },
    miniature: { type: "boolean", default: false },
    format: { type: "string", default: "markdown" },
  },
});
if (!values.token) throw new Error("Set MINIMA_TOKEN (or pass --token): the daemon prints the admin's on its first start.");
if (!EXPORT_FORMATS.includes(values.format as ExportFormat)) throw new Error(`--format is one of ${EXPORT_FORMATS.join(", ")}.`);

// The cpu profile: a small CNN on a Fashion-MNIST subset, the paper's protocol otherwise.
const options: Record<string, unknown> = { profile: "cpu" };
if (values.miniature) Object.assign(options, { dataset: "synthetic", seeds: 1, epochs: 1, pretrainEpochs: 1, replicas: 1, trainSubset: 64, testSubset: 32 });
for (const pair of values.option) {
  const [key, raw = ""] = pair.split("=", 2);
  options[key!] = raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}

const client = createMinimaClient({ url: values.url, token: values.token });
const { api } = client;
try {
  const { id } = await api.experiments.create.mutate({ preset: "table2-ablation", options });
  console.log(`queued experiment ${id} (table2-ablation, ${JSON.stringify(options)})`);
  const statuses = await waitForRuns(id);
  const failed = [...statuses.values()].filter((s) => s !== "succeeded").length;
  console.log(`\n${statuses.size - failed} of ${statuses.size} runs succeeded\n`);
  console.log(exportTable2(await api.tables.table2.query({ experimentId: id }), values.format as ExportFormat));
  process.exitCode = failed === 0 ? 0 : 1;
} finally {
  await client.close();
}

/** Resolves with every run's final status, following runs.onEvent (re-read on start, so nothing is missed). */
function waitForRuns(experimentId: string): Promise<Map<string, RunStatus>> {
  const statuses = new Map<string, RunStatus>();
  const settled = (s: RunStatus) => isFinished(s) || s === "blocked";
  return new Promise((resolve, reject) => {
    const check = () => {
      if (statuses.size > 0 && [...statuses.values()].every(settled)) {
        subscription.unsubscribe();
        resolve(statuses);
      }
    };
    const subscription = api.runs.onEvent.subscribe(
      {},
      {
        onStarted: () => {
          api.experiments.get.query({ id: experimentId }).then(({ runs }) => {
            // An event may already have brought a newer status than this snapshot.
            for (const run of runs) if (!settled(statuses.get(run.id) ?? "queued")) statuses.set(run.id, run.status);
            check();
          }, reject);
        },
        onData: ({ data }) => {
          if (data.experimentId !== experimentId || statuses.get(data.runId) === data.status) return;
          statuses.set(data.runId, data.status);
          if (settled(data.status)) {
            const done = [...statuses.values()].filter(settled).length;
            console.log(`[${done}/${statuses.size}] run ${data.runId.slice(0, 8)} ${data.status}`);
          }
          check();
        },
        onError: reject,
      },
    );
  });
}
