import { crc32, inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Reads back what encodePng writes (RGB, Sub-filtered rows), checking every chunk's CRC: how the
 * tests look inside the figures they export.
 */
export function readPng(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG: wrong signature");
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    if (png.readUInt32BE(at + 8 + length) !== crc32(png.subarray(at + 4, at + 8 + length))) throw new Error(`chunk ${type}: CRC mismatch`);
    if (type === "IHDR") [width, height] = [png.readUInt32BE(at + 8), png.readUInt32BE(at + 12)];
    if (type === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  if (raw.length !== height * (stride + 1)) throw new Error(`image data is ${raw.length} bytes; ${width}×${height} RGB needs ${height * (stride + 1)}`);
  const rgb = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    if (raw[y * (stride + 1)] !== 1) throw new Error(`row ${y}: filter ${raw[y * (stride + 1)]}, expected Sub (1)`);
    for (let x = 0; x < stride; x++) rgb[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + (x >= 3 ? rgb[y * stride + x - 3]! : 0)) & 0xff;
  }
  return { width, height, pixel: (x, y) => [...rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)] };
}
