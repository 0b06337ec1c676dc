import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedDaemon } from "../reproduce/embedded-daemon.ts";
import { REPRODUCE_PROFILES, reproducePlan, type ReproduceProfile } from "../reproduce/profiles.ts";
import { reproduce } from "../reproduce/reproduce.ts";
import { CONNECTION_OPTIONS, withClient } from "./client-commands/connection.ts";
import { DATA_HELP, DATA_OPTIONS, type Command } from "./command.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const stamp = () => new Date().toISOString().slice(11, 19);

// `pnpm reproduce` runs in apps/daemon; INIT_CWD is where the user typed it.
const fromUser = (p: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);

export const reproduceCommand: Command = {
  name: "reproduce",
  usage: `Usage: minima reproduce --profile cpu-quick|cpu [options]

  Creates the profile's experiments, or finds the ones an earlier \`minima reproduce\` created
  (same presets and options) and resumes them: finished runs are kept, failed ones are queued
  again. Prints progress (runs done/total, ETA; each run that fails, with its error) until no run
  is queued or running, then writes table1/table2 (.md, .csv), figure1.png, figure4–6 (.svg,
  .csv) and README.md.

  --profile NAME        cpu-quick: Figure 1 and Table 1 (one seed, ≈ 4 min on 2 cores);
                        cpu: Tables 1–2, Figures 1 and 4–6 (3 seeds; ≈ 30 min on 2 cores)
  --out DIR             Where the results go [default docs/results/<profile>; with --miniature a temp folder]
  --toy-epoch-scale X   Shortens Figure 1: its epochScale [default 1, the paper's epochs]
  --miniature           Tiny synthetic sizes, one epoch a phase (what the tests run)
  --interval SECONDS    How often progress is checked [default 5]
  --verbose             Also print the embedded daemon's log

  A running daemon:
  --url URL             The daemon [MINIMA_URL]
  --token TOKEN         Bearer token [MINIMA_TOKEN]

  Without --url, a daemon is started in this process and stopped at the end (Ctrl-C stops it
  cleanly; run the command again to resume):
${DATA_HELP}`,
  options: {
    ...CONNECTION_OPTIONS,
    ...DATA_OPTIONS,
    profile: { type: "string" },
    out: { type: "string" },
    "toy-epoch-scale": { type: "string" },
    miniature: { type: "boolean" },
    interval: { type: "string" },
    verbose: { type: "boolean" },
  },
  run: async (values) => {
    const fail = (message: string) => {
      console.error(`minima reproduce: ${message}`);
      return 2;
    };
    const profile = values.profile;
    if (typeof profile !== "string" || !REPRODUCE_PROFILES.includes(profile as ReproduceProfile)) {
      return fail(`--profile must be one of ${REPRODUCE_PROFILES.join(", ")}${typeof profile === "string" ? `, got "${profile}"` : ""}.`);
    }
    const scale = values["toy-epoch-scale"] === undefined ? undefined : Number(values["toy-epoch-scale"]);
    if (scale !== undefined && !(scale >= 0.0001 && scale <= 1)) return fail(`--toy-epoch-scale must be a number from 0.0001 to 1, got "${String(values["toy-epoch-scale"])}".`);
    const intervalS = values.interval === undefined ? 5 : Number(values.interval);
    if (!(intervalS > 0)) return fail(`--interval must be a positive number of seconds, got "${String(values.interval)}".`);
    if (typeof values.url === "string" && (values["data-dir"] !== undefined || values["database-url"] !== undefined)) {
      return fail("--url uses a running daemon; --data-dir and --database-url start one here. Pass one or the other.");
    }
    const miniature = values.miniature === true;
    const plan = reproducePlan(profile as ReproduceProfile, { miniature, ...(scale !== undefined ? { toyEpochScale: scale } : {}) });
    const outDir = typeof values.out === "string" ? fromUser(values.out) : miniature ? path.join(os.tmpdir(), "minima-reproduce-miniature") : path.join(REPO_ROOT, "docs", "results", profile);
    const print = (line: string) => console.log(`${stamp()} ${line}`);
    const controller = new AbortController();
    const run = async (client: Parameters<typeof reproduce>[0]) => {
      print(`profile ${profile}${miniature ? " (miniature)" : ""}: ${plan.experiments.map((e) => e.name).join(", ")} → ${outDir}`);
      const result = await reproduce(client, { plan, outDir, intervalMs: intervalS * 1000, print, signal: controller.signal });
      const { succeeded, total } = result.progress;
      if (succeeded < total) {
        console.error(`minima reproduce: ${total - succeeded} of ${total} runs did not succeed; the results show what finished (see README.md). Run the command again to retry the failed ones.`);
        return 1;
      }
      return 0;
    };
    if (typeof values.url === "string" || (process.env.MINIMA_URL && values["data-dir"] === undefined && values["database-url"] === undefined)) {
      return withClient("reproduce", values, run);
    }
    const flags: Record<string, string | undefined> = {
      "data-dir": typeof values["data-dir"] === "string" ? fromUser(values["data-dir"]) : undefined,
      "database-url": typeof values["database-url"] === "string" ? values["database-url"] : undefined,
    };
    let daemon;
    try {
      daemon = await startEmbeddedDaemon(flags, values.verbose === true);
    } catch (error) {
      console.error(`minima reproduce: could not start a daemon here: ${error instanceof Error ? error.message : String(error)} To use a daemon that is already running, pass --url and --token.`);
      return 1;
    }
    print(`embedded daemon on ${daemon.dataDir} at ${daemon.url}`);
    const onSignal = () => {
      print("interrupted: stopping the daemon (runs stop at their next checkpoint); run the command again to resume");
      controller.abort();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      return await run(daemon.client);
    } catch (error) {
      if (controller.signal.aborted) return 130;
      console.error(`minima reproduce: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await daemon.stop();
    }
  },
};
