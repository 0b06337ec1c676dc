// Renders the README's settings tables (the daemon's, the dashboard server's) from their one
// definition (apps/daemon/src/daemon/settings.ts), the same one `minima help daemon` and
// `node apps/web/serve.mjs --help` print.
// Usage: npm run settings:readme          (scripts/readme-settings.test.ts fails while it is stale)
import { readFileSync, writeFileSync } from "node:fs";
import { DAEMON_SETTINGS, DASHBOARD_SETTINGS, settingsTable, type Setting } from "../apps/daemon/src/daemon/settings.ts";

export const README = new URL("../README.md", import.meta.url);
export const TABLES: Record<string, Record<string, Setting<unknown>>> = { daemon: DAEMON_SETTINGS, dashboard: DASHBOARD_SETTINGS };

/** The README with each settings block rendered anew. */
export function renderedReadme(readme: string): string {
  for (const [name, registry] of Object.entries(TABLES)) {
    const BEGIN = `<!-- ${name} settings: rendered by \`npm run settings:readme\` from apps/daemon/src/daemon/settings.ts -->`;
    const END = `<!-- ${name} settings end -->`;
    const begin = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    if (begin < 0 || end < begin) throw new Error(`README.md has no ${name} settings block (${BEGIN} … ${END}).`);
    readme = `${readme.slice(0, begin + BEGIN.length)}\n${settingsTable(registry)}\n${readme.slice(end)}`;
  }
  return readme;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = readFileSync(README, "utf8");
  const next = renderedReadme(readme);
  writeFileSync(README, next);
  console.log(next === readme ? "README.md's settings table was already current." : "README.md's settings table rendered anew.");
}
