import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";

/** Digests a file may match; any one is enough. Keys are file names inside the dataset folder. */
export interface KnownDigests {
  sha256?: readonly string[];
  md5?: readonly string[];
}

/**
 * Pinned file identities.
 * - Fashion-MNIST: zalando's published MD5s of the .gz files; the SHA-256 of Debian's
 *   recompressed .gz files (package dataset-fashion-mnist, computed on install); for
 *   unpacked files, the SHA-256 of the decompressed IDX bytes (from the Debian files).
 * - CIFAR: Toronto publishes only the archives' MD5 (cifar-10-binary.tar.gz
 *   c32a1d4ab5d03f1284b67883e8d87530, cifar-100-binary.tar.gz 03b5dce01913d631647c71ecec9e9cb8);
 *   the per-file MD5s of their members below are the ones widely pinned by other loaders.
 */
export const KNOWN_DIGESTS: Record<string, Record<string, KnownDigests>> = {
  "fashion-mnist": {
    "train-images-idx3-ubyte.gz": {
      md5: ["8d4fb7e6c68d591d4c3dfef9ec88bf0d"],
      sha256: ["b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"],
    },
    "train-labels-idx1-ubyte.gz": {
      md5: ["25c81989df183df01b3e8a0aad5dffbe"],
      sha256: ["0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"],
    },
    "t10k-images-idx3-ubyte.gz": {
      md5: ["bef4ecab320f06d8554ea6380940ec79"],
      sha256: ["cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"],
    },
    "t10k-labels-idx1-ubyte.gz": {
      md5: ["bb300cfdad3c16e7a12a480ee83cd310"],
      sha256: ["8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"],
    },
    "train-images-idx3-ubyte": { sha256: ["c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"] },
    "train-labels-idx1-ubyte": { sha256: ["bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"] },
    "t10k-images-idx3-ubyte": { sha256: ["5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"] },
    "t10k-labels-idx1-ubyte": { sha256: ["0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"] },
  },
  cifar10: {
    "data_batch_1.bin": { md5: ["5dd7e06a14cb22eb9f671a540d1b7c25"] },
    "data_batch_2.bin": { md5: ["5ea93a67294ea407fff1d09f752e9692"] },
    "data_batch_3.bin": { md5: ["942cd6a4bcdd0dd3c604fbe906cb4421"] },
    "data_batch_4.bin": { md5: ["ae636b3ba5c66a11e91e8cb52e771fcb"] },
    "data_batch_5.bin": { md5: ["53f37980c15c3d472c316c40844f3f0d"] },
    "test_batch.bin": { md5: ["803d5f7f4d78ea53de84dbe85f74fb6d"] },
  },
  cifar100: {
    "train.bin": { md5: ["6172c7755cfe09b2fe270c85cebc1b15"] },
    "test.bin": { md5: ["4499cfba6c016c1be1438163640a0898"] },
  },
};

export interface FileDigests {
  sha256: string;
  md5: string;
}

/** SHA-256 and MD5 of a file in one streaming pass (1 MiB reads, no whole-file buffer). */
export function digestFile(file: string): FileDigests {
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  const chunk = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(file, "r");
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      const part = chunk.subarray(0, n);
      sha256.update(part);
      md5.update(part);
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: sha256.digest("hex"), md5: md5.digest("hex") };
}

/** Whether the digests match a pinned identity; undefined when none is pinned for the file. */
export function matchesKnown(digests: FileDigests, known: KnownDigests | undefined): boolean | undefined {
  if (!known) return undefined;
  return Boolean(known.sha256?.includes(digests.sha256) || known.md5?.includes(digests.md5));
}
