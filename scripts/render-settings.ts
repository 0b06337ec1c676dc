// Renders the daemon's settings table into the README from their one definition
// (apps/daemon/src/daemon/settings.ts), the same one `minima help daemon` prints.
// Usage: npm run settings:readme          (scripts/readme-settings.test.ts fails while it is stale)
import { readFileSync, writeFileSync } from "node:fs";
import { settingsTable } from "../apps/daemon/src/daemon/settings.ts";

export const README = new URL("../README.md", import.meta.url);
const BEGIN = "<!-- settings: rendered by `npm run settings:readme` from apps/daemon/src/daemon/settings.ts -->";
const END = "<!-- settings end -->";

/** The README with its settings block rendered anew. */
export function renderedReadme(readme: string): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no settings block (${BEGIN} … ${END}).`);
  return `${readme.slice(0, begin + BEGIN.length)}\n${settingsTable()}\n${readme.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = readFileSync(README, "utf8");
  const next = renderedReadme(readme);
  writeFileSync(README, next);
  console.log(next === readme ? "README.md's settings table was already current." : "README.md's settings table rendered anew.");
}
