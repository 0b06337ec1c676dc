import type { Command } from "../command.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, idArgument, withClient } from "./connection.ts";

export const cancelCommand: Command = {
  name: "cancel",
  usage: `Usage: minima cancel RUN_ID [options]

  A running run's worker is stopped; runs that depend on it are blocked.
${CONNECTION_HELP}`,
  options: { ...CONNECTION_OPTIONS },
  positionals: { min: 1, max: 1 },
  run: (values, positionals) => {
    const id = idArgument("cancel", "run", positionals);
    if (!id) return Promise.resolve(2);
    return withClient("cancel", values, async ({ api }) => {
      await api.runs.cancel.mutate({ id });
      const run = await api.runs.get.query({ id });
      console.log(`cancelled run ${id} (${run.title}), now ${run.status}`);
      return 0;
    });
  },
};
