import { engineProcessEnv, ONEDNN_BANNER, trainingProcessEnv } from "@minima/core/plans";
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FromWorker, ToWorker } from "./messages.ts";

const entry = fileURLToPath(new URL("./worker-main.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");

/**
 * What a worker prints on every start, or around the line that matters, and that never explains
 * how it ended: libtensorflow's oneDNN banner and its other info and warning lines (absl's
 * "I0123 12:00:00.000000 42 file.cc:10]" and the older "2024-01-01 12:00:00.000000: W file.cc:10]"),
 * the CPU-instructions notice's second line, Node's hints, a stack's frames, blank lines.
 */
const NOISE = [
  ...ONEDNN_BANNER,
  /^[IW]\d{4} [\d:.]+\s+\d+ \S+:\d+\]/,
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IW] \S+:\d+\]/,
  /rebuild TensorFlow with the appropriate compiler flags/,
  /^\(Use `node --trace-/,
  /^Node\.js v\d/,
  /^\s+at /,
  /^\s*\d+: 0x[0-9a-f]+ /,
  /^\s*\^+\s*$/,
  /^\s*$/,
];
const OUT_OF_MEMORY = /out of memory|std::bad_alloc|heap limit|cannot allocate memory|\bOOM when allocating/i;

/** What might have killed a worker that printed nothing to say so, by signal. */
const SUSPECTS: Record<string, string> = {
  SIGKILL: "out of memory? another process?",
  SIGSEGV: "a crash in native code (libtensorflow)?",
  SIGBUS: "a crash in native code (libtensorflow)?",
  SIGABRT: "a crash in native code (libtensorflow)?",
};

/**
 * Why a worker that sent no outcome ended: how (a signal, an exit code) and the last line of its
 * stderr that can explain it (an out-of-memory report first, else a thrown error's message),
 * never start-up noise; with nothing to go on, what might have done it.
 */
export function deathOf(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const lines = stderr.split("\n").filter((line) => !NOISE.some((noise) => noise.test(line)));
  const line = lines.findLast((l) => OUT_OF_MEMORY.test(l)) ?? lines.at(-1);
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const oom = line !== undefined && OUT_OF_MEMORY.test(line) ? " (out of memory)" : "";
  if (line !== undefined) return `The worker ${how}${oom}: ${line.trim()}`;
  const suspects = signal ? ` (${SUSPECTS[signal] ?? "another process?"})` : "";
  return `The worker ${how}${suspects}; its log has what it printed`;
}

/** How a worker ended, as the daemon should record it. `stopped`: as asked, to continue later. */
export interface WorkerOutcome {
  status: "succeeded" | "failed" | "cancelled" | "stopped";
  error: string | null;
}

export interface WorkerHandle {
  child: ChildProcess;
  cancel(): void;
  /**
   * Asks the run to stop at its next checkpoint. After `graceMs` (if given) it is killed: it
   * then continues later from the checkpoint before.
   */
  stop(graceMs?: number): void;
  /** Resolves when the process has exited and everything it sent has been handled. */
  finished: Promise<WorkerOutcome>;
}

/**
 * Starts a run in its own process. `onMessage` sees every report in order and may be async:
 * the outcome resolves only after every report was handled. A report it rejects (it could not
 * be recorded) stops the worker, and the run fails with that error's message. `onOutput` gets
 * what the worker prints to stderr (the engine's warnings, a crash's trace), a batch of whole lines at a time;
 * `env` is added to the worker's environment (CUDA_VISIBLE_DEVICES: the GPU it may use), after
 * the training process's own (tcmalloc preloaded where installed: `trainingProcessEnv`; the GPU
 * engine's CUDA library folders on LD_LIBRARY_PATH: `engineProcessEnv`).
 */
export function spawnWorker(
  start: Extract<ToWorker, { type: "start" }>,
  onMessage: (message: FromWorker) => Promise<void>,
  onOutput: (lines: string[]) => void = () => undefined,
  env: Record<string, string> = {},
): WorkerHandle {
  const child = fork(entry, [], {
    execArgv: ["--import", tsx],
    stdio: ["ignore", "inherit", "pipe", "ipc"],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? "2", ...trainingProcessEnv(), ...engineProcessEnv(), ...env },
  });
  let stderr = "";
  let partial = "";
  // The run log already says "oneDNN" in its engine line; libtensorflow's banner would repeat it.
  const worthLogging = (line: string) => line.trim() !== "" && !ONEDNN_BANNER.some((banner) => banner.test(line));
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    const complete = lines.filter(worthLogging);
    if (complete.length > 0) onOutput(complete);
  });
  child.stderr?.on("end", () => {
    if (worthLogging(partial)) onOutput([partial]);
    partial = "";
  });
  let reported: WorkerOutcome | null = null;
  let cancelled = false;
  let stopping = false;
  let unrecorded: string | null = null;
  let handled = Promise.resolve();
  child.on("message", (message: FromWorker) => {
    if (message.type === "done") reported = { status: "succeeded", error: null };
    if (message.type === "failed") reported = { status: "failed", error: message.error };
    if (message.type === "stopped") reported = { status: "stopped", error: null };
    // Caught here, not left for "close": a rejection nobody awaits yet would end the daemon.
    handled = handled
      .then(() => (unrecorded === null ? onMessage(message) : undefined))
      .catch((error: unknown) => {
        unrecorded ??= error instanceof Error ? error.message : String(error);
        child.kill("SIGKILL");
      });
  });
  const finished = new Promise<WorkerOutcome>((resolve) => {
    // A process that never started has no exit to wait for.
    child.on("error", (error) => {
      if (child.pid === undefined) resolve({ status: "failed", error: `The worker could not start: ${error.message}` });
    });
    // Not "exit": its last reports and stderr lines can still be in their pipes then, and a run
    // that reported "done" would be recorded as a worker that exited without a word. "close"
    // comes once the IPC channel and stderr have closed too.
    child.on("close", (code, signal) => {
      void handled.then(() => {
        // A report that could not be recorded fails the run, whatever the worker said after it.
        if (unrecorded !== null) resolve({ status: "failed", error: unrecorded });
        // A run that finished before a cancel reached it keeps its result.
        else if (reported?.status === "succeeded") resolve(reported);
        else if (cancelled) resolve({ status: "cancelled", error: null });
        else if (reported) resolve(reported);
        // Killed after the grace period of a stop: it continues from its last checkpoint.
        else if (stopping) resolve({ status: "stopped", error: null });
        else resolve({ status: "failed", error: deathOf(code, signal, stderr) });
      });
    });
  });
  // A worker can die before the daemon reads the end of its channel: a message to it then
  // fails (EPIPE). Its exit says what happened, so the failed write is dropped, not thrown.
  const tell = (message: ToWorker) => {
    if (child.connected) child.send(message, () => undefined);
  };
  tell(start);
  return {
    child,
    finished,
    cancel: () => {
      cancelled = true;
      tell({ type: "cancel" });
      // A worker stuck in a native call gets a grace period, then is killed.
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    },
    stop: (graceMs) => {
      stopping = true;
      tell({ type: "stop" });
      if (graceMs !== undefined) setTimeout(() => child.kill("SIGKILL"), graceMs).unref();
    },
  };
}
