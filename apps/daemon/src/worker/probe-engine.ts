import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { EngineSummary } from "../api/context.ts";

const entry = fileURLToPath(new URL("./probe-engine-main.ts", import.meta.url));

/**
 * Finds which engine runs will train on by loading it in a child process, as a worker would; the
 * daemon itself never loads TensorFlow.
 */
export function probeEngine(): Promise<EngineSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], { execArgv: ["--import", import.meta.resolve("tsx")], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("message", (message: EngineSummary) => resolve(message));
    child.once("error", (error) => reject(new Error(`the engine probe could not start: ${error.message}`)));
    // "close", not "exit": the report can still be in the IPC channel when the process exits.
    child.once("close", (code) => reject(new Error(`the engine probe exited with code ${code}: ${stderr.trim().slice(-500)}`)));
  });
}
