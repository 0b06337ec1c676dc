import { DatasetError } from "./dataset.ts";

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses an uncompressed IDX file of unsigned bytes (LeCun's MNIST format: magic 0x0000_08_nd,
 * nd big-endian uint32 sizes, then the data). A wrong magic, type or length is a DatasetError
 * naming `file`, so a damaged download fails before training rather than during it.
 */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims: number): IdxArray {
  const fail = (what: string) =>
    new DatasetError(`${file} is not a valid IDX file: ${what}. Delete it and download it again.`);
  if (bytes.length < 4) throw fail(`only ${bytes.length} bytes`);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08) {
    throw fail(`magic ${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join("")}, expected 000008${expectedDims.toString(16).padStart(2, "0")}`);
  }
  if (bytes[3] !== expectedDims) throw fail(`${bytes[3]} dimensions, expected ${expectedDims}`);
  const header = 4 + 4 * expectedDims;
  if (bytes.length < header) throw fail(`header cut short at ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: expectedDims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const length = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + length) {
    throw fail(`${bytes.length - header} data bytes, expected ${dims.join("×")} = ${length}`);
  }
  return { dims, data: bytes.subarray(header) };
}
