import { DATASET_NAMES, datasetStatus, downloadable, downloadDataset, type DatasetName } from "@minima/core";
import type { Command } from "./command.ts";

export const dataCommand: Command = {
  name: "data",
  usage: `Usage: minima data [--root DIR] [--download NAME,...] [--require NAME,...] [--json]

  --root DIR          Dataset folder [MINIMA_DATASETS, default ~/.minima/datasets]
  --download NAMES    Fetch these datasets from their publishers (${DATASET_NAMES.filter(downloadable).join(", ")}),
                      verify every file and put it in place; then list as usual
  --mirror URL        Fetch from URL/<file name> instead (a team's own copy of the files)
  --require NAMES     Exit non-zero unless these datasets are present and verified
  --json              Machine-readable output`,
  options: {
    root: { type: "string" },
    download: { type: "string" },
    mirror: { type: "string" },
    require: { type: "string" },
    json: { type: "boolean" },
  },
  run: async (values) => {
    const names = (flag: unknown) => (typeof flag === "string" ? flag.split(",").map((s) => s.trim()).filter(Boolean) : []);
    const required = names(values.require);
    const downloads = names(values.download);
    const unknown = [...required, ...downloads].filter((name) => !DATASET_NAMES.includes(name as DatasetName));
    if (unknown.length > 0) {
      console.error(`minima data: unknown dataset ${unknown.join(", ")}; known: ${DATASET_NAMES.join(", ")}.`);
      return 2;
    }
    const root = typeof values.root === "string" ? values.root : undefined;
    for (const name of downloads as DatasetName[]) {
      try {
        await downloadDataset(name, {
          ...(root ? { root } : {}),
          ...(typeof values.mirror === "string" ? { mirror: values.mirror } : {}),
          onProgress: progressPrinter(),
        });
        console.error(`minima data: ${name} downloaded and verified.`);
      } catch (error) {
        console.error(`minima data: ${(error as Error).message}`);
        return 1;
      }
    }
    const statuses = datasetStatus(root);
    const corrupt = statuses.filter((s) => s.files.some((f) => f.ok === false));
    const missing = statuses.filter((s) => required.includes(s.name) && !s.present);
    if (values.json) {
      console.log(JSON.stringify(statuses, null, 2));
    } else {
      for (const s of statuses) {
        const bad = s.files.some((f) => f.ok === false);
        console.log(`${s.present && !bad ? "✔" : "✖"} ${s.name.padEnd(20)} ${s.path}`);
        for (const f of s.files) {
          const state = !f.present ? "missing" : f.ok === false ? "CORRUPT (checksum differs)" : f.ok ? "verified" : "present";
          console.log(`    ${f.file.padEnd(34)} ${state}${f.images !== undefined ? ` (${f.images} images)` : ""}`);
        }
        if (!s.present || bad) console.log(`    ${s.help.split("\n").join("\n    ")}`);
      }
    }
    for (const s of corrupt) console.error(`minima data: ${s.name} has corrupt files in ${s.path}; download them again.`);
    for (const s of missing) console.error(`minima data: ${s.name} is required but missing. ${s.help}`);
    return corrupt.length > 0 || missing.length > 0 ? 1 : 0;
  },
};

/** Prints a download's progress to stderr every 10% (every 10 MB when the size is unknown). */
function progressPrinter(): (file: string, bytes: number, total: number | null) => void {
  let lastStep = -1;
  let lastFile = "";
  return (file, bytes, total) => {
    if (file !== lastFile) [lastFile, lastStep] = [file, -1];
    const step = total ? Math.floor((10 * bytes) / total) : Math.floor(bytes / 10e6);
    if (step === lastStep) return;
    lastStep = step;
    const mb = (bytes / 1e6).toFixed(1);
    console.error(total ? `  ${file}: ${mb} of ${(total / 1e6).toFixed(1)} MB` : `  ${file}: ${mb} MB`);
  };
}
