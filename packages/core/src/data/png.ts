import { inflateSync } from "node:zlib";

export interface RgbImage {
  width: number;
  height: number;
  /** HWC, 3 channels. */
  rgb: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel by PNG colour type: grey, RGB, palette, grey+alpha, RGBA. */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * A small PNG decoder for the 8-bit, non-interlaced images of CINIC-10 and of a user's 32×32
 * Restricted ImageNet export, so that no native image library is needed. Grey and palette
 * images become RGB; alpha is dropped. Anything else (16-bit, interlaced) throws an Error that
 * says which; the caller adds the file name. zlib's Adler-32 check catches damaged image data.
 */
export function decodePng(bytes: Uint8Array): RgbImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error("not a PNG file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (data.length !== length) throw new Error(`chunk ${type} is cut short`);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, color, , , interlace] = data.subarray(8, 13);
      if (depth !== 8) throw new Error(`bit depth ${depth}; only 8-bit PNGs are supported`);
      if (interlace !== 0) throw new Error("interlaced PNGs are not supported");
      if (color === undefined || !(color in SAMPLES)) throw new Error(`colour type ${color} is unknown`);
      colorType = color;
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    at += 12 + length;
  }
  if (colorType < 0) throw new Error("no IHDR chunk");
  if (colorType === 3 && !palette) throw new Error("palette image without a PLTE chunk");
  const samples = SAMPLES[colorType]!;
  const raw = unfilter(inflateSync(Buffer.concat(idat)), width, height, samples);
  return { width, height, rgb: toRgb(raw, width * height, colorType, samples, palette) };
}

/** Undoes the per-row filters (None, Sub, Up, Average, Paeth) in place of a fresh buffer. */
function unfilter(data: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  if (data.length !== height * (stride + 1)) throw new Error(`image data is ${data.length} bytes, expected ${height * (stride + 1)}`);
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[prev + x]! : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: predictor = paeth(a, b, c); break;
        default: throw new Error(`row ${y} has unknown filter ${filter}`);
      }
      out[row + x] = (data[src + x]! + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function toRgb(raw: Uint8Array, pixels: number, colorType: number, samples: number, palette: Uint8Array | null): Uint8Array {
  if (colorType === 2) return raw;
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    const s = p * samples;
    if (colorType === 3) {
      const entry = raw[s]! * 3;
      if (entry + 2 >= palette!.length) throw new Error(`palette index ${raw[s]} is outside the palette`);
      rgb.set(palette!.subarray(entry, entry + 3), 3 * p);
    } else if (colorType === 6) {
      rgb[3 * p] = raw[s]!;
      rgb[3 * p + 1] = raw[s + 1]!;
      rgb[3 * p + 2] = raw[s + 2]!;
    } else {
      // Grey (0) or grey+alpha (4): the grey value on all three channels.
      rgb.fill(raw[s]!, 3 * p, 3 * p + 3);
    }
  }
  return rgb;
}
