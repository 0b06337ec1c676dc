import { parseArgs } from "node:util";
import type { Command } from "./command.ts";

/** A command as `minima help` lists it; its module (flags, help, what it runs) is loaded when it is used. */
interface Listed {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/**
 * Every command. A module is imported only for the command that runs: the training engine and
 * the database drivers take seconds to load, and `help` or a client of a running daemon needs neither.
 */
const COMMANDS: readonly Listed[] = [
  { name: "daemon", summary: "Start the daemon: API on HTTP + WebSocket, run queue, workers.", load: async () => (await import("./daemon-command.ts")).daemonCommand },
  { name: "doctor", summary: "Print the training engine, versions, GPU and data-directory facts.", load: async () => (await import("./doctor.ts")).doctorCommand },
  { name: "data", summary: "List the datasets, verify their files, and say where to put a missing one.", load: async () => (await import("./data-command.ts")).dataCommand },
  { name: "train", summary: "Train one run (or Figure 1's toy runs) with the core alone, no daemon; writes checkpoints and metrics.", load: async () => (await import("./train-command.ts")).trainCommand },
  { name: "token", summary: "Issue a new token for a user (stop the daemon first with the embedded database).", load: async () => (await import("./token-command.ts")).tokenCommand },
  // Measures of saved checkpoints (no daemon):
  { name: "distance", summary: "The paper's d(W1, W2) = ‖W1 − W2‖_F / ‖W2‖_F between two checkpoints.", load: async () => (await import("./distance-command.ts")).distanceCommand },
  { name: "norms", summary: "Frobenius, ℓ1-path and ℓ2-path norms of a checkpoint (the paper's Figure 5).", load: async () => (await import("./norms-command.ts")).normsCommand },
  { name: "fgsm", summary: "Test accuracy of a checkpoint under the Fast Gradient Sign attack, per ε.", load: async () => (await import("./fgsm-command.ts")).fgsmCommand },
  // Clients of a running daemon (--url, --token):
  { name: "queue", summary: "List experiments and their runs by status, or queue a preset (--preset).", load: async () => (await import("./client-commands/queue-command.ts")).queueCommand },
  { name: "status", summary: "The daemon, its engine and queue; or one experiment and its runs.", load: async () => (await import("./client-commands/status-command.ts")).statusCommand },
  { name: "watch", summary: "Watch a run live: progress and train/test accuracy per epoch; exits when it ends.", load: async () => (await import("./client-commands/watch-command.ts")).watchCommand },
  { name: "cancel", summary: "Cancel a queued or running run (members: their own runs; admins: any).", load: async () => (await import("./client-commands/cancel-command.ts")).cancelCommand },
  { name: "table1", summary: "Table 1 of an experiment with distance runs, as it fills in (csv, json, markdown, latex).", load: async () => (await import("./client-commands/result-commands.ts")).table1Command },
  { name: "table2", summary: "Table 2 of a table2-ablation experiment, as it fills in (csv, json, markdown, latex).", load: async () => (await import("./client-commands/result-commands.ts")).table2Command },
  { name: "figure", summary: "Figure 4 (accuracy vs R), 5 (norms) or 6 (FGSM) of an experiment as data (csv, json, markdown, latex).", load: async () => (await import("./client-commands/result-commands.ts")).figureCommand },
  { name: "user", summary: "Admin: users (viewer, member, admin) and their tokens on a shared daemon.", load: async () => (await import("./client-commands/user-command.ts")).userCommand },
  // The paper at CPU scale, through a daemon (embedded or --url):
  { name: "reproduce", summary: "Run a profile's experiments (resuming earlier ones), then export every table, figure and a README.", load: async () => (await import("./reproduce-command.ts")).reproduceCommand },
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return [
    `minima — run and read the experiments of "Bad Global Minima Exist and SGD Can Reach Them"`,
    "",
    "Usage: minima <command> [options]     minima help <command>",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${"help".padEnd(width)}Show this help, or a command's options.`,
  ].join("\n");
}

/** Runs one CLI command and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name = "help", ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    console.log(topic ? (await topic.load()).usage : help());
    return 0;
  }
  const listed = COMMANDS.find((c) => c.name === name || (name === "start" && c.name === "daemon"));
  if (!listed) {
    console.error(`minima: unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  const command = await listed.load();
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean" } }, strict: true, allowPositionals: true }));
  } catch (error) {
    console.error(`minima ${command.name}: ${(error as Error).message}. See \`minima help ${command.name}\`.`);
    return 2;
  }
  if (values.help) {
    console.log(command.usage);
    return 0;
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length < min || positionals.length > max) {
    const expected = max === 0 ? "no arguments" : min === max ? `${min} argument(s)` : `${min} to ${max} arguments`;
    console.error(`minima ${command.name}: takes ${expected}, got ${positionals.length ? `"${positionals.join(" ")}"` : "none"}. See \`minima help ${command.name}\`.`);
    return 2;
  }
  return command.run(values, positionals);
}
