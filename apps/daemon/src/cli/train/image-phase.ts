import { loadDataset, trainImage, type ImageRunConfig } from "@minima/core";
import type { MetricPoint } from "@minima/metrics";
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The newest checkpoint folder of a phase (highest epoch, "final" last), if any. */
function latestCheckpoint(phaseDir: string): string | null {
  if (!existsSync(phaseDir)) return null;
  const names = readdirSync(phaseDir).filter((d) => existsSync(path.join(phaseDir, d, "meta.json")));
  const epochOf = (d: string) => (JSON.parse(readFileSync(path.join(phaseDir, d, "meta.json"), "utf8")) as { epoch: number }).epoch;
  const sorted = names.sort((a, b) => epochOf(a) - epochOf(b) || Number(a === "final") - Number(b === "final"));
  return sorted.length ? path.join(phaseDir, sorted.at(-1)!) : null;
}

function formatEpoch(phase: string, epoch: number, epochs: number, points: MetricPoint[], seconds: number): string {
  const v = Object.fromEntries(points.map((p) => [p.name, p.value]));
  const pct = (x: number | undefined) => (x === undefined ? "   —  " : `${(100 * x).toFixed(2).padStart(6)}%`);
  return `${phase.padEnd(8)} epoch ${String(epoch).padStart(4)}/${epochs}  loss ${v.train_loss?.toFixed(4) ?? "—"}  train ${pct(v.train_acc)}  test ${pct(v.test_acc)}  lr ${v.lr?.toPrecision(3) ?? "—"}  ${seconds.toFixed(1)} s`;
}

/**
 * Trains one phase (pre-training or fine-tuning) into `<out>/<phase>/`, appending its epochs to
 * `<out>/metrics.jsonl`; with `resume`, continues from the phase's newest checkpoint.
 * Returns the folder of the phase's final checkpoint.
 */
export async function runPhase(config: ImageRunConfig, out: string, resume: boolean, initialCheckpoint?: string): Promise<string> {
  const phaseDir = path.join(out, config.phase);
  const finalDir = path.join(phaseDir, "final");
  if (resume && existsSync(path.join(finalDir, "meta.json"))) {
    console.log(`${config.phase}: already finished (${finalDir})`);
    return finalDir;
  }
  const resumeFrom = resume ? latestCheckpoint(phaseDir) : null;
  const dataset = await loadDataset(config.dataset as never, {
    ...(config.trainSubset ? { trainSubset: config.trainSubset } : {}),
    ...(config.testSubset ? { testSubset: config.testSubset } : {}),
    seed: config.seed,
  });
  console.log(`${config.phase}: ${config.model} on ${config.dataset} (${dataset.train.size} train, ${dataset.test.size} test), mode ${config.mode}, ${config.epochs} epochs${resumeFrom ? `, resuming from ${resumeFrom}` : ""}`);
  let last = Date.now();
  const result = await trainImage(config, {
    dataset,
    initialCheckpoint,
    resumeFrom: resumeFrom ?? undefined,
    checkpointDir: (name) => path.join(phaseDir, name),
    onEpoch: (points, epoch) => {
      appendFileSync(path.join(out, "metrics.jsonl"), points.map((p) => JSON.stringify(p)).join("\n") + "\n");
      const now = Date.now();
      console.log(formatEpoch(config.phase, epoch, config.epochs, points, (now - last) / 1000));
      last = now;
    },
  });
  console.log(`${config.phase}: done after ${result.epochs} epochs${result.stoppedEarly ? " (reached the stopping accuracy)" : ""}; train ${(100 * result.trainAcc).toFixed(2)}%, test ${(100 * result.testAcc).toFixed(2)}%`);
  return finalDir;
}
