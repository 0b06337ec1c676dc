import assert from "node:assert/strict";
import { truncateSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { encodeCifarRecords, parseCifarRecords } from "./cifar-binary.ts";
import { DatasetError } from "./dataset.ts";
import { loadDataset } from "./load-dataset.ts";
import { cifarRecords, tempRoot, writeFile } from "./test-fixtures.ts";

const chw = (seed: number) => Uint8Array.from({ length: 3072 }, (_, i) => (seed * 31 + i * 7) & 0xff);

test("CIFAR records convert from CHW planes to HWC and back", () => {
  const planes = [chw(1), chw(2), chw(3)];
  const bytes = cifarRecords(planes.map((p, i) => ({ labels: [i + 4], chw: p })));
  const split = parseCifarRecords([{ file: "x.bin", bytes }], { labelBytes: 1, labelIndex: 0, classes: 10 });
  assert.equal(split.size, 3);
  assert.deepEqual([...split.labels], [4, 5, 6]);
  for (let n = 0; n < 3; n++) {
    for (const [y, x, c] of [[0, 0, 0], [0, 1, 2], [5, 17, 1], [31, 31, 2], [12, 0, 0]] as const) {
      assert.equal(split.images[n * 3072 + (y * 32 + x) * 3 + c], planes[n]![c * 1024 + y * 32 + x]);
    }
  }
  assert.deepEqual(encodeCifarRecords(split), new Uint8Array(bytes));
});

/** A full-size official file: the given records first, zero records (label 0, black) after. */
function writeBatch(file: string, records: Array<{ labels: number[]; chw: Uint8Array }>, count: number, labelBytes: number) {
  writeFile(file, cifarRecords(records));
  truncateSync(file, count * (labelBytes + 3072));
}

test("CIFAR-10 loads from the binary version: 50000/10000, labels and pixels in place", async () => {
  const root = tempRoot();
  const dir = path.join(root, "cifar-10-batches-bin");
  for (let b = 1; b <= 5; b++) writeBatch(path.join(dir, `data_batch_${b}.bin`), [{ labels: [b], chw: chw(b) }], 10_000, 1);
  writeBatch(path.join(dir, "test_batch.bin"), [{ labels: [9], chw: chw(9) }, { labels: [8], chw: chw(8) }], 10_000, 1);
  const data = await loadDataset("cifar10", { root });
  assert.deepEqual([data.train.size, data.test.size, data.height, data.width, data.channels, data.classes], [50_000, 10_000, 32, 32, 3, 10]);
  assert.deepEqual([data.train.labels[0], data.train.labels[10_000], data.train.labels[40_000], data.train.labels[1]], [1, 2, 5, 0]);
  assert.deepEqual([data.test.labels[0], data.test.labels[1]], [9, 8]);
  // Image 20000 is batch 3's first: its pixel (y=7, x=9) green is plane 1 at row 7, column 9.
  assert.equal(data.train.images[20_000 * 3072 + (7 * 32 + 9) * 3 + 1], chw(3)[1024 + 7 * 32 + 9]);
  assert.deepEqual(data.mean, [0.4914, 0.4822, 0.4465]);
  assert.deepEqual(data.std, [0.2023, 0.1994, 0.201]);
});

test("CIFAR-100 uses the fine label (second byte) and 100 classes", async () => {
  const root = tempRoot();
  const dir = path.join(root, "cifar-100-binary");
  writeBatch(path.join(dir, "train.bin"), [{ labels: [3, 77], chw: chw(5) }, { labels: [19, 99], chw: chw(6) }], 50_000, 2);
  writeBatch(path.join(dir, "test.bin"), [{ labels: [0, 42], chw: chw(7) }], 10_000, 2);
  const data = await loadDataset("cifar100", { root });
  assert.equal(data.classes, 100);
  assert.deepEqual([...data.train.labels.subarray(0, 3)], [77, 99, 0]);
  assert.equal(data.test.labels[0], 42);
  assert.equal(data.train.images[3072 + 2], chw(6)[2048]);
  assert.deepEqual(data.mean, [0.5071, 0.4865, 0.4409]);
});

test("missing, truncated or mislabelled CIFAR files are DatasetErrors with the path and the fix", async () => {
  const root = tempRoot();
  await assert.rejects(loadDataset("cifar10", { root }), (error: Error) => {
    assert.ok(error instanceof DatasetError);
    assert.ok(error.message.includes(path.join(root, "cifar-10-batches-bin")));
    assert.match(error.message, /data_batch_1\.bin, .*test_batch\.bin/);
    assert.match(error.message, /https:\/\/www\.cs\.toronto\.edu\/~kriz\/cifar\.html/);
    return true;
  });
  const dir = path.join(root, "cifar-100-binary");
  writeBatch(path.join(dir, "train.bin"), [], 50_000, 2);
  writeBatch(path.join(dir, "test.bin"), [], 9_000, 2);
  await assert.rejects(loadDataset("cifar100", { root }), (error: Error) => {
    assert.ok(error instanceof DatasetError);
    assert.ok(error.message.includes(path.join(dir, "test.bin")), error.message);
    assert.match(error.message, /27666000 bytes; the official file is 30740000/);
    return true;
  });
  assert.throws(
    () => parseCifarRecords([{ file: "/d/x.bin", bytes: cifarRecords([{ labels: [10], chw: chw(1) }]) }], { labelBytes: 1, labelIndex: 0, classes: 10 }),
    (error: Error) => error instanceof DatasetError && /\/d\/x\.bin: record 0 has label 10/.test(error.message),
  );
  assert.throws(
    () => parseCifarRecords([{ file: "/d/y.bin", bytes: new Uint8Array(3000) }], { labelBytes: 1, labelIndex: 0, classes: 10 }),
    (error: Error) => error instanceof DatasetError && /\/d\/y\.bin is 3000 bytes/.test(error.message),
  );
});
