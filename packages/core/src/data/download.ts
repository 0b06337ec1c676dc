import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { KNOWN_DIGESTS, matchesKnown, type KnownDigests } from "./checksums.ts";
import { DatasetError, type DatasetName } from "./dataset.ts";
import { datasetStatus } from "./dataset-status.ts";
import { DATASET_DIRS, datasetHelp, defaultDatasetRoot } from "./locations.ts";

/** One file to fetch: where from, what it must hash to, and whether it is a tarball to unpack. */
interface Source {
  url: string;
  /** Absent where the publisher pins none (then the unpacked files are checked). */
  known?: KnownDigests;
  /** A .tar.gz unpacked into `root` ("root") or into the dataset's own folder ("dataset"). */
  unpackInto?: "root" | "dataset";
}

const FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com";

/**
 * The publishers' own addresses. Restricted ImageNet has none: it is a preprocessing of
 * ImageNet, whose download needs an account.
 */
const SOURCES: Partial<Record<DatasetName, readonly Source[]>> = {
  "fashion-mnist": ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"].map(
    (file) => ({ url: `${FASHION_MNIST_URL}/${file}`, known: KNOWN_DIGESTS["fashion-mnist"]![file]! }),
  ),
  cifar10: [{ url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", known: { md5: ["c32a1d4ab5d03f1284b67883e8d87530"] }, unpackInto: "root" }],
  cifar100: [{ url: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", known: { md5: ["03b5dce01913d631647c71ecec9e9cb8"] }, unpackInto: "root" }],
  // No digest is published for CINIC-10's archive; the unpacked folders are checked instead.
  cinic10: [{ url: "https://datashare.ed.ac.uk/bitstream/handle/10283/3192/CINIC-10.tar.gz", unpackInto: "dataset" }],
};

export interface DownloadOptions {
  root?: string;
  /** Fetch every file as `<mirror>/<file name>` instead of from its publisher (a team's own copy). */
  mirror?: string;
  onProgress?: (file: string, bytes: number, total: number | null) => void;
}

/** The datasets `downloadDataset` can fetch. */
export function downloadable(name: DatasetName): boolean {
  return SOURCES[name] !== undefined;
}

/**
 * Downloads a dataset into its folder under `root`, checks every file against its pinned digest
 * and only then moves it into place, so an interrupted or corrupt download leaves nothing that
 * looks like data. Ends with the same check `minima data` runs.
 */
export async function downloadDataset(name: DatasetName, options: DownloadOptions = {}): Promise<void> {
  const root = options.root ?? defaultDatasetRoot();
  const sources = SOURCES[name];
  if (!sources) {
    const how = name === "synthetic" ? "it is generated, nothing to download" : datasetHelp(name, root);
    throw new DatasetError(`${name} cannot be downloaded: ${how}`);
  }
  const datasetDir = path.join(root, DATASET_DIRS[name as keyof typeof DATASET_DIRS]);
  const staging = path.join(root, `.download-${name}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const help = () => datasetHelp(name as keyof typeof DATASET_DIRS, root);
  try {
    // Every file is fetched and verified before any is moved into place.
    const fetched: Array<{ source: Source; file: string }> = [];
    for (const source of sources) {
      const file = path.basename(new URL(source.url).pathname);
      const url = options.mirror ? `${options.mirror.replace(/\/+$/, "")}/${file}` : source.url;
      await fetchVerified(url, path.join(staging, file), source.known, (bytes, total) => options.onProgress?.(file, bytes, total), help);
      fetched.push({ source, file });
    }
    for (const { source, file } of fetched) {
      const part = path.join(staging, file);
      if (source.unpackInto) {
        const into = path.join(staging, "unpacked");
        mkdirSync(into, { recursive: true });
        untar(part, into);
        // A fresh copy replaces the old one, decoded caches included.
        if (source.unpackInto === "dataset") rmSync(datasetDir, { recursive: true, force: true });
        moveEntries(into, source.unpackInto === "root" ? root : datasetDir);
      } else {
        mkdirSync(datasetDir, { recursive: true });
        renameSync(part, path.join(datasetDir, file));
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const status = datasetStatus(root).find((s) => s.name === name)!;
  const bad = status.files.filter((f) => f.ok === false).map((f) => f.file);
  if (!status.present || bad.length > 0) {
    throw new DatasetError(`${name} was downloaded to ${datasetDir} but does not check out (${bad.length ? `corrupt: ${bad.join(", ")}` : "files missing"}). ${status.help}`);
  }
}

async function fetchVerified(
  url: string,
  dest: string,
  known: KnownDigests | undefined,
  onProgress: (bytes: number, total: number | null) => void,
  help: () => string,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new DatasetError(`could not reach ${url} (${cause?.code ?? cause?.message ?? String(error)}). Download it by hand: ${help()}`);
  }
  if (!response.ok || !response.body) {
    throw new DatasetError(`${url} answered HTTP ${response.status}. Download it by hand: ${help()}`);
  }
  const total = Number(response.headers.get("content-length")) || null;
  const md5 = createHash("md5");
  const sha256 = createHash("sha256");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      sha256.update(chunk);
      bytes += chunk.length;
      onProgress(bytes, total);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as never), meter, createWriteStream(dest));
  const digests = { md5: md5.digest("hex"), sha256: sha256.digest("hex") };
  if (matchesKnown(digests, known) === false) {
    const expected = [...(known?.md5 ?? []).map((d) => `MD5 ${d}`), ...(known?.sha256 ?? []).map((d) => `SHA-256 ${d}`)].join(" or ");
    throw new DatasetError(
      `${url} is corrupt: its MD5 is ${digests.md5}, expected ${expected}. Nothing was kept; try again or download it by hand: ${help()}`,
    );
  }
}

function untar(archive: string, into: string): void {
  const result = spawnSync("tar", ["-xzf", archive, "-C", into], { encoding: "utf8" });
  if (result.error) throw new DatasetError(`unpacking ${path.basename(archive)} needs \`tar\`: ${result.error.message}`);
  if (result.status !== 0) throw new DatasetError(`unpacking ${path.basename(archive)} failed: ${result.stderr.trim()}`);
}

/** Moves what an archive unpacked into `dest`, replacing entries of the same name. */
function moveEntries(from: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(from)) {
    const target = path.join(dest, entry);
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(path.join(from, entry), target);
  }
}
