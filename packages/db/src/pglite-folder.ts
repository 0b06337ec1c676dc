import { PGlite } from "@electric-sql/pglite";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * PGlite's first open of a folder runs initdb in WebAssembly: 5–8 s on a 2-core machine, against
 * under a second to open a folder that holds a database. So a new embedded database starts as a
 * copy of the folder initdb wrote once for this user and PGlite version (in ~/.cache/minima, never
 * in a shared temporary folder another user could fill), which is what initdb would write again.
 * Test suites, which make hundreds of fresh databases, gain the most.
 */
export async function preparePgliteFolder(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) return; // a database already, or other files: PGlite's own initdb, as without a template
  cpSync(await freshTemplate(), dir, { recursive: true });
}

async function freshTemplate(): Promise<string> {
  const cache = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "minima");
  const template = path.join(cache, `pglite-${pgliteVersion()}-fresh`);
  if (existsSync(path.join(template, "PG_VERSION"))) return template;
  mkdirSync(cache, { recursive: true });
  // Made aside and renamed into place, so that a half-made template is never copied.
  const making = mkdtempSync(`${template}-making-`);
  try {
    const client = await PGlite.create(making);
    await client.close();
    renameSync(making, template);
  } catch (error) {
    rmSync(making, { recursive: true, force: true });
    // Another process renamed its own first: use that one.
    if (!existsSync(path.join(template, "PG_VERSION"))) throw error;
  }
  return template;
}

function pgliteVersion(): string {
  // The package's exports hide its package.json; it sits above the module's dist/ folder.
  let dir = path.dirname(fileURLToPath(import.meta.resolve("@electric-sql/pglite")));
  while (!existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}
