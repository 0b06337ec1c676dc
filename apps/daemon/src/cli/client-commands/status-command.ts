import type { Command } from "../command.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, idArgument, withClient } from "./connection.ts";
import { countsText } from "./queue-command.ts";
import { textTable } from "./text-table.ts";

export const statusCommand: Command = {
  name: "status",
  usage: `Usage: minima status [EXPERIMENT_ID] [options]

  Without an id: the daemon's version, engine and queue by status.
  With an id: the experiment and each of its runs (status, epoch, backend, error).

  --json                Machine-readable output
${CONNECTION_HELP}`,
  options: { ...CONNECTION_OPTIONS, json: { type: "boolean" } },
  positionals: { min: 0, max: 1 },
  run: (values, positionals) => {
    const json = values.json === true;
    if (positionals.length === 0) {
      return withClient("status", values, async ({ api }) => {
        const [health, engine, queue] = await Promise.all([api.system.health.query(), api.system.engine.query(), api.system.queue.query()]);
        if (json) {
          console.log(JSON.stringify({ health, engine, queue }, null, 2));
          return 0;
        }
        console.log(`daemon   ${health.version}, up ${health.uptimeS} s`);
        console.log(`engine   ${engine.probing ? "probing…" : `${engine.backend} on ${engine.device} via ${engine.provider}`}${engine.fallbackReason ? ` (fallback: ${engine.fallbackReason})` : ""}`);
        console.log(`host     ${engine.host.platform}, ${engine.host.cpus} cpus, ${engine.host.memoryGiB} GiB (${engine.host.freeMemoryGiB} free)`);
        console.log(`queue    ${countsText(queue.byStatus) || "empty"}; ${queue.running} worker(s) on this daemon`);
        return 0;
      });
    }
    const id = idArgument("status", "experiment", positionals);
    if (!id) return Promise.resolve(2);
    return withClient("status", values, async ({ api }) => {
      const { experiment, runs } = await api.experiments.get.query({ id });
      if (json) {
        console.log(JSON.stringify({ experiment, runs }, null, 2));
        return 0;
      }
      console.log(`${experiment.title}\n${experiment.id} · ${experiment.preset} · ${experiment.status} · ${countsText(experiment.runCounts)} · by ${experiment.owner}\n`);
      console.log(
        textTable([
          ["run", "key", "status", "epoch", "backend", "error"],
          ...runs.map((r) => [r.id, r.key, r.status, `${r.epoch}/${r.epochs}`, r.backend ?? "", (r.error ?? "").split("\n")[0]!.slice(0, 80)]),
        ]),
      );
      return 0;
    });
  },
};
