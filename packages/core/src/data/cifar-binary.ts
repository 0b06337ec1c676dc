import { DatasetError, type ImageSplit } from "./dataset.ts";

/** One CIFAR record: label byte(s), then a 32×32 image as three 1024-byte planes R, G, B. */
export interface RecordLayout {
  /** 1 for CIFAR-10; 2 for CIFAR-100 (coarse, fine). */
  labelBytes: number;
  /** Which label byte to keep (CIFAR-100: 1, the fine label). */
  labelIndex: number;
  classes: number;
}

export const CIFAR_SIDE = 32;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
const PIXELS = 3 * PLANE;

/**
 * Reads the records of one or more CIFAR binary files into one NHWC split, converting each
 * image from the files' channel planes (CHW) to interleaved HWC. A length that is not a whole
 * number of records or a label out of range is a DatasetError naming the file.
 */
export function parseCifarRecords(files: ReadonlyArray<{ file: string; bytes: Uint8Array }>, layout: RecordLayout): ImageSplit {
  const recordSize = layout.labelBytes + PIXELS;
  let size = 0;
  for (const { file, bytes } of files) {
    if (bytes.length === 0 || bytes.length % recordSize !== 0) {
      throw new DatasetError(
        `${file} is ${bytes.length} bytes, not a whole number of ${recordSize}-byte records: it is truncated ` +
          `or not a CIFAR binary file. Delete it and unpack the archive again.`,
      );
    }
    size += bytes.length / recordSize;
  }
  const images = new Uint8Array(size * PIXELS);
  const labels = new Uint8Array(size);
  let n = 0;
  for (const { file, bytes } of files) {
    for (let r = 0; r < bytes.length; r += recordSize, n++) {
      const label = bytes[r + layout.labelIndex]!;
      if (label >= layout.classes) {
        throw new DatasetError(`${file}: record ${r / recordSize} has label ${label}, outside 0–${layout.classes - 1}; the file is corrupt.`);
      }
      labels[n] = label;
      planesToHwc(bytes.subarray(r + layout.labelBytes, r + recordSize), images.subarray(n * PIXELS, (n + 1) * PIXELS));
    }
  }
  return { images, labels, size };
}

/** One image from R, G, B planes to interleaved pixels; a small function over views is what V8 runs fastest. */
function planesToHwc(planes: Uint8Array, hwc: Uint8Array): void {
  for (let p = 0, o = 0; p < PLANE; p++, o += 3) {
    hwc[o] = planes[p]!;
    hwc[o + 1] = planes[PLANE + p]!;
    hwc[o + 2] = planes[2 * PLANE + p]!;
  }
}

/** The inverse: a split of 32×32×3 HWC images as CIFAR-10-layout records (1 label byte, CHW). */
export function encodeCifarRecords(split: ImageSplit): Uint8Array {
  const out = new Uint8Array(split.size * (1 + PIXELS));
  for (let n = 0; n < split.size; n++) {
    const dst = n * (1 + PIXELS);
    const src = n * PIXELS;
    out[dst] = split.labels[n]!;
    for (let p = 0; p < PLANE; p++) {
      out[dst + 1 + p] = split.images[src + 3 * p]!;
      out[dst + 1 + PLANE + p] = split.images[src + 3 * p + 1]!;
      out[dst + 1 + 2 * PLANE + p] = split.images[src + 3 * p + 2]!;
    }
  }
  return out;
}
