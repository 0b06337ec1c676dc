import { parseArgs } from "node:util";
import { cancelCommand } from "./client-commands/cancel-command.ts";
import { queueCommand } from "./client-commands/queue-command.ts";
import { statusCommand } from "./client-commands/status-command.ts";
import { figureCommand, table1Command, table2Command } from "./client-commands/result-commands.ts";
import { userCommand } from "./client-commands/user-command.ts";
import { watchCommand } from "./client-commands/watch-command.ts";
import type { Command } from "./command.ts";
import { daemonCommand } from "./daemon-command.ts";
import { dataCommand } from "./data-command.ts";
import { distanceCommand } from "./distance-command.ts";
import { doctorCommand } from "./doctor.ts";
import { fgsmCommand } from "./fgsm-command.ts";
import { normsCommand } from "./norms-command.ts";
import { reproduceCommand } from "./reproduce-command.ts";
import { tokenCommand } from "./token-command.ts";
import { trainCommand } from "./train-command.ts";

const COMMANDS: readonly Command[] = [
  daemonCommand,
  doctorCommand,
  dataCommand,
  trainCommand,
  tokenCommand,
  // Measures of saved checkpoints (no daemon):
  distanceCommand,
  normsCommand,
  fgsmCommand,
  // Clients of a running daemon (--url, --token):
  queueCommand,
  statusCommand,
  watchCommand,
  cancelCommand,
  table1Command,
  table2Command,
  figureCommand,
  userCommand,
  // The paper at CPU scale, through a daemon (embedded or --url):
  reproduceCommand,
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
    console.log(topic ? topic.usage : help());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name || (name === "start" && c.name === "daemon"));
  if (!command) {
    console.error(`minima: unknown command "${name}".\n\n${help()}`);
    return 2;
  }
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
