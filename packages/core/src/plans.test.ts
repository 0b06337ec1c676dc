import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

void test("@minima/core/plans checks a plan without loading tfjs: what the daemon's own process imports", () => {
  const probe = `
    import { createRequire } from "node:module";
    const plans = await import(${JSON.stringify(new URL("./plans.ts", import.meta.url).href)});
    const run = plans.imageRunConfig({ profile: "cpu", phase: "train", mode: "vanilla", seed: 1 });
    let refused = "";
    try { plans.checkModelOptions("vgg16", { inputShape: [28, 28, 1], classes: 10, init: "paper", seed: 1 }); } catch (e) { refused = e.message; }
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((m) => /[\\\\/]@tensorflow[\\\\/]/.test(m));
    console.log(JSON.stringify({ model: run.model, refused, loaded }));`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", probe], { encoding: "utf8", timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  const { model, refused, loaded } = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { model: string; refused: string; loaded: string[] };
  assert.ok(model, "a run was planned");
  assert.match(refused, /vgg16 halves the image 5 times .* got 28×28/, "a model's input sizes are checked");
  assert.deepEqual(loaded, [], "no @tensorflow package was loaded");
});
