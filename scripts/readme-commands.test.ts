// The README is the contract: its commands work as written on a machine with only Node and npm,
// so they run here with a PATH that has no pnpm on it (the workspace's own is in node_modules).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";

const root = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const out = mkdtempSync(path.join(tmpdir(), "minima-readme-"));
after(() => rmSync(out, { recursive: true, force: true }));

/** Every command line of the README's ```sh blocks, comments and continuation lines kept as written. */
const shellLines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) => block[1]!.split("\n")).filter((line) => line.trim() !== "");

/** A PATH with node and npm and the system's tools, but no pnpm and no `minima`. */
const bare = `${path.dirname(process.execPath)}:/usr/bin:/bin`;
const run = (line: string) => spawnSync("sh", ["-c", line], { cwd: root, encoding: "utf8", env: { ...process.env, PATH: bare }, timeout: 300_000 });

/** The README's line for `npm run minima -- <command>`, without its comment and optional [parts]. */
function readmeCommand(command: string): string {
  const line = shellLines.find((l) => l.startsWith(`npm run minima -- ${command}`));
  assert.ok(line, `the README shows \`npm run minima -- ${command}\``);
  return line
    .replace(/\s+#.*$/, "")
    .replace(/\s*\[[^\]]*\]/g, "")
    .replaceAll("runs/demo", out);
}

test("the README shows no command that needs a global pnpm or a `minima` on the PATH", () => {
  assert.notEqual(run("command -v pnpm").status, 0, "this test's PATH must have no pnpm");
  const commands = shellLines.map((l) => l.trim()).filter((l) => !l.startsWith("#"));
  const bad = commands.filter((l) => /^(\w+=\S+\s+)*(pnpm|minima)\s/.test(l));
  assert.deepEqual(bad, [], "use `npm run <script> -- …` or `npx pnpm …`");
});

test("help, doctor, data, a tiny train, distance and norms work as the README writes them", () => {
  const expect: Array<[string, string, RegExp]> = [
    ["help", "", /minima — run and read the experiments/],
    ["doctor", "", /^backend\s+\S+/m],
    ["data", "", /fashion-mnist/i],
    // The README's training run, kept tiny: one epoch of each phase on a hundred images.
    ["train", " --epochs 1 --pretrain-epochs 1 --train-subset 100 --test-subset 50", /done after 1 epochs/],
    ["distance", "", /d\(A, B\) = ‖A − B‖_F \/ ‖B‖_F = \d/],
    ["norms", "", /Frobenius\s+\d/],
  ];
  for (const [command, extra, shows] of expect) {
    const line = readmeCommand(command) + extra;
    const result = run(line);
    assert.equal(result.status, 0, `${line} failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, shows, `${line} printed:\n${result.stdout}`);
  }
});
