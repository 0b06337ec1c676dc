import { DATASET_NAMES, datasetStatus, type DatasetName } from "@minima/core";
import type { Command } from "./command.ts";

export const dataCommand: Command = {
  name: "data",
  summary: "List the datasets, verify their files, and say where to put a missing one.",
  usage: `Usage: minima data [--root DIR] [--require NAME,...] [--json]

  --root DIR          Dataset folder [MINIMA_DATASETS, default ~/.minima/datasets]
  --require NAMES     Exit non-zero unless these datasets are present and verified
  --json              Machine-readable output`,
  options: { root: { type: "string" }, require: { type: "string" }, json: { type: "boolean" } },
  run: (values) => {
    const required = typeof values.require === "string" ? values.require.split(",").map((s) => s.trim()).filter(Boolean) : [];
    const unknown = required.filter((name) => !DATASET_NAMES.includes(name as DatasetName));
    if (unknown.length > 0) {
      console.error(`minima data: unknown dataset ${unknown.join(", ")}; known: ${DATASET_NAMES.join(", ")}.`);
      return Promise.resolve(2);
    }
    const statuses = datasetStatus(typeof values.root === "string" ? values.root : undefined);
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
    return Promise.resolve(corrupt.length > 0 || missing.length > 0 ? 1 : 0);
  },
};
