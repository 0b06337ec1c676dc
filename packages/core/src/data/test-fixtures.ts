// Helpers for the data tests: small files in the real binary formats, written to a temp dir.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";

const created: string[] = [];

/** A fresh temp folder, removed when the test process exits. */
export function tempRoot(): string {
  if (created.length === 0) process.once("exit", () => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const dir = mkdtempSync(path.join(tmpdir(), "minima-data-"));
  created.push(dir);
  return dir;
}

export function writeFile(file: string, bytes: Uint8Array): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** An IDX file of unsigned bytes with the given dimensions. */
export function idxBytes(dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header.set([0, 0, 0x08, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return Buffer.concat([header, data]);
}

/** CIFAR binary records: each record's label bytes, then its image as R, G, B planes (CHW). */
export function cifarRecords(records: Array<{ labels: number[]; chw: Uint8Array }>): Uint8Array {
  return Buffer.concat(records.flatMap((r) => [Uint8Array.from(r.labels), r.chw]));
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * An 8-bit PNG of `samples` (row-major, `channels` per pixel for colour type 0, 2, 3, 4 or 6).
 * Row y uses filter y mod 5, so every filter the decoder must undo appears.
 */
export function encodePng(width: number, height: number, colorType: number, samples: Uint8Array, palette?: Uint8Array): Uint8Array {
  const bpp = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType as 0 | 2 | 3 | 4 | 6];
  const stride = width * bpp;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const v = samples[y * stride + x]!;
      const a = x >= bpp ? samples[y * stride + x - bpp]! : 0;
      const b = y > 0 ? samples[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? samples[(y - 1) * stride + x - bpp]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]!;
      raw[y * (stride + 1) + 1 + x] = (v - predictor) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr)];
  if (palette) parts.push(chunk("PLTE", palette));
  const compressed = deflateSync(raw);
  // Two IDAT chunks, as encoders split large images.
  const half = compressed.length >> 1;
  parts.push(chunk("IDAT", compressed.subarray(0, half)), chunk("IDAT", compressed.subarray(half)), chunk("IEND", new Uint8Array(0)));
  return Buffer.concat(parts);
}

/** A deterministic 32×32 RGB image (HWC) whose values encode (seed, position). */
export function patternImage(seed: number, side = 32): Uint8Array {
  const image = new Uint8Array(side * side * 3);
  for (let i = 0; i < image.length; i++) image[i] = (seed * 37 + i * 11 + (i % 3) * 101) & 0xff;
  return image;
}
