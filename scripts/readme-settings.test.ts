import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { main } from "../apps/daemon/src/cli/main.ts";
import { spawnSync } from "node:child_process";
import { DAEMON_SETTINGS, DASHBOARD_SETTINGS, settingsHelp } from "../apps/daemon/src/daemon/settings.ts";
import { README, renderedReadme, TABLES } from "./render-settings.ts";

test("the README's settings table is the one rendered from the settings' definitions (run `npm run settings:readme`)", () => {
  const readme = readFileSync(README, "utf8");
  assert.equal(readme, renderedReadme(readme));
  for (const registry of Object.values(TABLES)) {
    for (const s of Object.values(registry)) assert.ok(readme.includes(`| \`${s.env}\` |`), `${s.env} is in the README's tables`);
  }
});

test("`minima help daemon` lists every setting: its flag, its variable and its default", async (t) => {
  const printed: string[] = [];
  t.mock.method(console, "log", (line: string) => printed.push(line));
  assert.equal(await main(["help", "daemon"]), 0);
  const help = printed.join("\n");
  assert.ok(help.includes(settingsHelp()));
  for (const s of Object.values(DAEMON_SETTINGS)) {
    assert.ok(help.includes(s.env), s.env);
    if (s.flag) assert.match(help, new RegExp(`--${s.flag}\\b`));
  }
});

test("`node apps/web/serve.mjs --help` lists every setting of the dashboard's server", () => {
  const help = spawnSync(process.execPath, ["apps/web/serve.mjs", "--help"], { cwd: new URL("..", import.meta.url), encoding: "utf8", timeout: 30_000 });
  assert.equal(help.status, 0, help.stderr);
  assert.ok(help.stdout.includes(settingsHelp(Object.values(DASHBOARD_SETTINGS))));
});
