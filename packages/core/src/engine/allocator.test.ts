import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { findTcmalloc, trainingProcessEnv } from "./allocator.ts";

const installed = findTcmalloc();

test("MINIMA_ALLOCATOR=system leaves the environment alone; a wrong value is refused with the choices", () => {
  assert.deepEqual(trainingProcessEnv({ MINIMA_ALLOCATOR: "system" }), {});
  assert.throws(() => trainingProcessEnv({ MINIMA_ALLOCATOR: "jemalloc" }), /MINIMA_ALLOCATOR must be "tcmalloc", "system" or unset .*got "jemalloc"/);
});

test("without tcmalloc installed, the default falls back to the system malloc and MINIMA_ALLOCATOR=tcmalloc says how to install it", () => {
  const nowhere = ["/nonexistent/libtcmalloc_minimal.so.4"];
  assert.deepEqual(trainingProcessEnv({}, nowhere), {});
  assert.throws(() => trainingProcessEnv({ MINIMA_ALLOCATOR: "tcmalloc" }, nowhere), /no tcmalloc was found in \/nonexistent\/.*apt-get install libtcmalloc-minimal4/);
});

test("a training process started with the environment runs on tcmalloc, keeping what LD_PRELOAD had", { skip: !installed && "tcmalloc is not installed (apt-get install libtcmalloc-minimal4)" }, () => {
  const env = trainingProcessEnv({ LD_PRELOAD: "" });
  assert.equal(env.LD_PRELOAD, installed);
  assert.equal(trainingProcessEnv({ LD_PRELOAD: `${installed}:/lib/extra.so` }).LD_PRELOAD, `${installed}:/lib/extra.so`);
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", `import { activeAllocator } from ${JSON.stringify(new URL("./allocator.ts", import.meta.url).href)}; console.log(activeAllocator());`],
    { encoding: "utf8", env: { ...process.env, ...env } },
  );
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), "tcmalloc");
  // Allocating and freeing a few hundred megabytes must not print tcmalloc's large-allocation reports.
  const big = spawnSync(process.execPath, ["-e", "for (let i = 0; i < 3; i++) Buffer.alloc(300 * 2 ** 20).fill(1)"], { encoding: "utf8", env: { ...process.env, ...env } });
  assert.equal(big.status, 0);
  assert.equal(big.stderr, "");
});
