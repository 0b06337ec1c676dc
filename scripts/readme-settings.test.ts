import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { main } from "../apps/daemon/src/cli/main.ts";
import { SETTINGS, settingsHelp } from "../apps/daemon/src/daemon/settings.ts";
import { README, renderedReadme } from "./render-settings.ts";

test("the README's settings table is the one rendered from the settings' definitions (run `npm run settings:readme`)", () => {
  const readme = readFileSync(README, "utf8");
  assert.equal(readme, renderedReadme(readme));
  for (const s of Object.values(SETTINGS)) assert.ok(readme.includes(`| \`${s.env}\` |`), `${s.env} is in the README's table`);
});

test("`minima help daemon` lists every setting: its flag, its variable and its default", async (t) => {
  const printed: string[] = [];
  t.mock.method(console, "log", (line: string) => printed.push(line));
  assert.equal(await main(["help", "daemon"]), 0);
  const help = printed.join("\n");
  assert.ok(help.includes(settingsHelp()));
  for (const s of Object.values(SETTINGS)) {
    assert.ok(help.includes(s.env), s.env);
    if (s.flag) assert.match(help, new RegExp(`--${s.flag}\\b`));
  }
});
