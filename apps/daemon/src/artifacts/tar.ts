import { createReadStream, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";

const BLOCK = 512;

/** A POSIX ustar header for a regular file of `size` bytes at `name` (relative, "/"-separated). */
function header(name: string, size: number, mtime: Date): Buffer {
  const block = Buffer.alloc(BLOCK);
  // Names over 100 bytes go into the 155-byte prefix field, split at a "/".
  let prefix = "";
  let rest = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`The path "${name}" is too long for a tar archive.`);
    prefix = name.slice(0, cut);
    rest = name.slice(cut + 1);
  }
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, "0") + "\0";
  block.write(rest, 0, 100);
  block.write(octal(0o644, 8), 100);
  block.write(octal(0, 8), 108); // uid
  block.write(octal(0, 8), 116); // gid
  block.write(octal(size, 12), 124);
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136);
  block.fill(" ", 148, 156); // the checksum counts itself as spaces
  block.write("0", 156); // a regular file
  block.write("ustar\u000000", 257);
  block.write(prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + " ", 148);
  return block;
}

/** Every file under `dir`, as paths relative to it, in name order (as the store hashes them). */
function filesUnder(dir: string, relative = ""): string[] {
  return readdirSync(path.join(dir, relative))
    .sort()
    .flatMap((entry) => {
      const rel = relative ? `${relative}/${entry}` : entry;
      return statSync(path.join(dir, rel)).isDirectory() ? filesUnder(dir, rel) : [rel];
    });
}

/**
 * A folder as an uncompressed tar stream, its files under `root/` (e.g. a checkpoint folder
 * unpacks as `checkpoint-epoch-5/…`), streamed file by file so a large checkpoint is never in
 * memory whole.
 */
export function tarFolder(dir: string, root: string): Readable {
  const out = new PassThrough();
  void (async () => {
    for (const rel of filesUnder(dir)) {
      const full = path.join(dir, rel);
      const stat = statSync(full);
      if (!out.write(header(`${root}/${rel}`, stat.size, stat.mtime))) await new Promise((resolve) => out.once("drain", resolve));
      for await (const chunk of createReadStream(full)) {
        if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
      }
      const padding = (BLOCK - (stat.size % BLOCK)) % BLOCK;
      if (padding > 0) out.write(Buffer.alloc(padding));
    }
    out.end(Buffer.alloc(2 * BLOCK));
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
