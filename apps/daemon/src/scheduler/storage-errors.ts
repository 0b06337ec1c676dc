import { statSync } from "node:fs";
import path from "node:path";

/** What to do about each way a disk refuses a write, for the folder it happened under. */
const ADVICE: Record<string, (where: string) => string> = {
  ENOSPC: (where) => `free space on the disk that holds ${where}`,
  EDQUOT: (where) => `free space in (or raise) the disk quota of ${where}`,
  EROFS: (where) => `make ${where} writable (its file system is mounted read-only)`,
  EACCES: (where) => `make ${where} writable by the daemon's user`,
  EPERM: (where) => `make ${where} writable by the daemon's user`,
  ENOTDIR: (where) => `${fileInTheWay(where) ?? "a part of it"} is a file where a folder should be: move it away, or point MINIMA_ARTIFACTS_DIR elsewhere`,
  EIO: (where) => `the disk that holds ${where} reported an I/O error: check it (dmesg, its mount)`,
};

interface FsError {
  code?: unknown;
  path?: unknown;
  message?: unknown;
}

/**
 * A storage error (a full or read-only disk, a folder turned into a file, a failing disk) as a
 * run's error: what failed, where, the cause and what to do. Null for any other error.
 */
export function storageFailure(error: unknown, doing: string, fallbackPath: string): string | null {
  const e = (typeof error === "object" && error !== null ? error : {}) as FsError;
  if (typeof e.code !== "string" || !(e.code in ADVICE)) return null;
  const where = typeof e.path === "string" ? e.path : fallbackPath;
  const cause = typeof e.message === "string" ? e.message.replace(/^\w+: /, "").replace(/, \w+ '.*'$/, "") : e.code;
  return `${doing} failed: ${cause} (${e.code}) at ${where}; ${ADVICE[e.code]!(where)}, then retry the run.`;
}

/**
 * The same for a worker's own words: a worker that could not write its checkpoints reports the
 * message of Node's error ("ENOSPC: no space left on device, write '/…'"). Other text is kept.
 */
export function explainStorageText(text: string): string {
  const match = /(E[A-Z]+): ([^,]+), (\w+) '([^']+)'/.exec(text);
  if (!match) return text;
  const [, code, , syscall, where] = match;
  return storageFailure({ code, path: where, message: match[0] }, `Writing its files (${syscall})`, where!) ?? text;
}

/** The first part of `target`'s path that exists as something other than a folder. */
function fileInTheWay(target: string): string | null {
  const parts = path.resolve(target).split(path.sep);
  for (let i = 2; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join(path.sep);
    try {
      if (!statSync(prefix).isDirectory()) return prefix;
    } catch {
      return null;
    }
  }
  return null;
}
