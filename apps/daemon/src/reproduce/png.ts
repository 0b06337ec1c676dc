import { crc32, deflateSync } from "node:zlib";

/** An 8-bit RGB image, rows top to bottom, 3 bytes a pixel. */
export interface RgbCanvas {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export function createCanvas(width: number, height: number, background: readonly [number, number, number] = [255, 255, 255]): RgbCanvas {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; i += 3) rgb.set(background, i);
  return { width, height, rgb };
}

/** Sets one pixel; outside the canvas is ignored, so shapes may run over the edges. */
export function setPixel(canvas: RgbCanvas, x: number, y: number, color: readonly [number, number, number]): void {
  if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) return;
  canvas.rgb.set(color, (Math.floor(y) * canvas.width + Math.floor(x)) * 3);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A PNG of the canvas (colour type 2, no interlace). Every row uses the Sub filter, which makes
 * the flat colour regions of a decision raster compress to almost nothing. Deterministic: the
 * same pixels give the same bytes, so a regenerated figure is byte-identical.
 */
export function encodePng(canvas: RgbCanvas): Buffer {
  const { width, height, rgb } = canvas;
  if (rgb.length !== width * height * 3) throw new Error(`canvas holds ${rgb.length} bytes; ${width}×${height} RGB needs ${width * height * 3}`);
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    raw[row] = 1;
    for (let x = 0; x < stride; x++) raw[row + 1 + x] = (rgb[y * stride + x]! - (x >= 3 ? rgb[y * stride + x - 3]! : 0)) & 0xff;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
