import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { datasetStatus } from "./dataset-status.ts";
import { downloadable, downloadDataset } from "./download.ts";
import { DEBIAN_FASHION_MNIST } from "./locations.ts";
import { encodePng, patternImage, tempRoot, writeFile } from "./test-fixtures.ts";

// A mirror on localhost: Debian's real Fashion-MNIST files (their pinned digests hold), a
// CINIC-10-shaped tarball, and one file served corrupt.
const served = new Map<string, Buffer>();
let server: Server;
let mirror: string;

before(async () => {
  for (const file of readdirSync(DEBIAN_FASHION_MNIST)) served.set(file, readFileSync(path.join(DEBIAN_FASHION_MNIST, file)));
  const cinic = tempRoot();
  for (const split of ["train", "valid", "test"]) {
    for (const [i, cls] of ["cat", "dog"].entries()) writeFile(path.join(cinic, split, cls, `${i}.png`), encodePng(32, 32, 2, patternImage(i)));
  }
  execFileSync("tar", ["-czf", path.join(cinic, "CINIC-10.tar.gz"), "-C", cinic, "train", "valid", "test"]);
  served.set("CINIC-10.tar.gz", readFileSync(path.join(cinic, "CINIC-10.tar.gz")));
  server = createServer((req, res) => {
    const body = served.get(path.basename(req.url ?? ""));
    res.writeHead(body ? 200 : 404, body ? { "content-length": body.length } : {});
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/datasets`;
});

after(() => server.close());

test("downloads Fashion-MNIST from a mirror, verifies the pinned digests and reports progress", async () => {
  const root = tempRoot();
  const seen = new Set<string>();
  await downloadDataset("fashion-mnist", { root, mirror, onProgress: (file) => seen.add(file) });
  assert.equal(seen.size, 4);
  const dir = path.join(root, "fashion-mnist");
  assert.deepEqual(readdirSync(dir).sort(), [...served.keys()].filter((f) => f.endsWith("ubyte.gz")).sort());
  assert.deepEqual(readdirSync(root), ["fashion-mnist"], "no staging folder is left behind");
});

test("a corrupt download is refused and nothing is kept", async () => {
  const root = tempRoot();
  const good = served.get("t10k-labels-idx1-ubyte.gz")!;
  served.set("t10k-labels-idx1-ubyte.gz", Buffer.concat([good, Buffer.from([0])]));
  try {
    await assert.rejects(downloadDataset("fashion-mnist", { root, mirror }), /t10k-labels-idx1-ubyte\.gz is corrupt: its MD5 is [0-9a-f]{32}, expected MD5 bb300cfd\w+ or SHA-256 8d3605d1/);
  } finally {
    served.set("t10k-labels-idx1-ubyte.gz", good);
  }
  assert.ok(!existsSync(path.join(root, ".download-fashion-mnist")));
  assert.ok(!existsSync(path.join(root, "fashion-mnist", "t10k-labels-idx1-ubyte.gz")));
});

test("a tarball dataset is unpacked into its folder and passes the same check as `minima data`", async () => {
  const root = tempRoot();
  await downloadDataset("cinic10", { root, mirror });
  const cinic = datasetStatus(root).find((s) => s.name === "cinic10")!;
  assert.equal(cinic.present, true);
  assert.deepEqual(cinic.files.filter((f) => f.images !== undefined).map((f) => [f.file, f.images]), [["train/", 2], ["test/", 2]]);
});

test("an unreachable source or a dataset with no download names what to do instead", async () => {
  const root = tempRoot();
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  await assert.rejects(downloadDataset("cifar10", { root, mirror: `http://127.0.0.1:${port}` }), /could not reach http:\/\/127\.0\.0\.1:\d+\/cifar-10-binary\.tar\.gz \(ECONNREFUSED\)\. Download it by hand: .*cifar-10-binary\.tar\.gz/);
  await assert.rejects(downloadDataset("cifar100", { root, mirror }), /answered HTTP 404/);
  assert.equal(downloadable("restricted-imagenet"), false);
  await assert.rejects(downloadDataset("restricted-imagenet", { root }), /restricted-imagenet cannot be downloaded: Restricted ImageNet is your own preprocessing/);
  assert.deepEqual(readdirSync(root), []);
});
