import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface StoredArtifact {
  /** The store key, relative to the store root. */
  path: string;
  size: number;
  sha256: string;
}

/**
 * Run outputs (checkpoints, rasters) as files under one root; the database keeps their keys,
 * sizes and checksums. A directory today; the same three calls can front a shared mount or a
 * bucket for several hosts.
 */
export class ArtifactStore {
  constructor(readonly root: string) {}

  /** Where a run writes the artifact `name` (a file or a folder). */
  location(runId: string, name: string): string {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`Invalid artifact name "${name}".`);
    return path.join(this.root, "runs", runId, name);
  }

  /** Size and checksum of what a run wrote; a folder hashes its files in name order. */
  describe(runId: string, name: string): StoredArtifact {
    const full = this.location(runId, name);
    const hash = createHash("sha256");
    let size = 0;
    const visit = (file: string) => {
      if (statSync(file).isDirectory()) {
        for (const entry of readdirSync(file).sort()) visit(path.join(file, entry));
        return;
      }
      const bytes = readFileSync(file);
      hash.update(path.relative(full, file)).update(bytes);
      size += bytes.length;
    };
    visit(full);
    return { path: path.relative(this.root, full), size, sha256: hash.digest("hex") };
  }

  resolve(key: string): string {
    const full = path.resolve(this.root, key);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Artifact key "${key}" is outside the store.`);
    return full;
  }
}
