import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cacheFolder, cudaRequirements, unpackPlan, wheelProject, wheelRequirement, wheelVersion, type CudaRequirement, type Flavour } from "./wheel-layout.ts";

export interface RouteTools {
  python: string;
  log: (message: string) => void;
  quiet: boolean;
}

export interface UnpackedWheel {
  /** Holds lib/ (the two TensorFlow libraries) and include/ (the C API headers). */
  dir: string;
  version: string;
  wheel: string;
  /** The wheel's and-cuda extra (its METADATA), kept beside the unpacked files. */
  cudaRequirements: CudaRequirement[];
}

const COMPLETE = ".complete";
const REQUIREMENTS = "cuda-requirements.json";

export function findPython(): string {
  const python = ["python3", "python"].find((p) => spawnSync(p, ["--version"]).status === 0);
  if (!python) throw new Error("No python3 found: it is needed to fetch the TensorFlow wheel through pip (`apt-get install python3-pip`).");
  return python;
}

/** An unpacked wheel already in the cache: the asked version, or (no version asked, CPU) the newest. */
export function cachedFolder(flavour: Flavour, version: string, readyFolders: readonly string[]): string | null {
  if (version) return readyFolders.includes(cacheFolder(flavour, version)) ? cacheFolder(flavour, version) : null;
  const prefix = `${wheelProject(flavour)}-`;
  // "tensorflow-cpu-…" also starts with "tensorflow-": a GPU folder's rest is a bare version.
  const own = readyFolders.filter((f) => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length)));
  return own.sort().pop() ?? null;
}

function readUnpacked(dir: string): UnpackedWheel {
  const requirements = path.join(dir, REQUIREMENTS);
  return {
    dir,
    version: path.basename(dir).replace(/^tensorflow(-cpu)?-/, ""),
    wheel: readFileSync(path.join(dir, COMPLETE), "utf8").trim(),
    cudaRequirements: existsSync(requirements) ? (JSON.parse(readFileSync(requirements, "utf8")) as CudaRequirement[]) : [],
  };
}

const LIST_PY = `import sys, zipfile, json
z = zipfile.ZipFile(sys.argv[1])
meta = next((n for n in z.namelist() if n.endswith(".dist-info/METADATA")), None)
print(json.dumps({"entries": z.namelist(), "metadata": z.read(meta).decode() if meta else ""}))`;

const EXTRACT_PY = `import sys, zipfile, os, json
wheel, target = sys.argv[1], sys.argv[2]
plan = json.load(sys.stdin)
with zipfile.ZipFile(wheel) as z:
    for name, dest in plan.items():
        dest = os.path.join(target, dest)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(name) as src, open(dest, "wb") as out:
            while True:
                chunk = src.read(1 << 22)
                if not chunk:
                    break
                out.write(chunk)`;

/** Fetches the flavour's TensorFlow wheel through pip (or finds it in the cache) and unpacks what the binding needs. */
export function libtensorflowFromWheel(flavour: Flavour, version: string, cacheRoot: string, tools: RouteTools): UnpackedWheel {
  const ready = existsSync(cacheRoot) ? readdirSync(cacheRoot).filter((d) => existsSync(path.join(cacheRoot, d, COMPLETE))) : [];
  const cached = cachedFolder(flavour, version, ready);
  if (cached) return readUnpacked(path.join(cacheRoot, cached));

  const download = path.join(cacheRoot, "download");
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  const spec = wheelRequirement(flavour, version);
  tools.log(`fetching the ${spec} wheel through pip…`);
  const pip = spawnSync(tools.python, ["-m", "pip", "download", "--retries", "1", "--no-deps", "--only-binary=:all:", "-d", download, spec], {
    encoding: "utf8",
    stdio: tools.quiet ? "pipe" : ["ignore", "inherit", "inherit"],
  });
  const wheel = readdirSync(download).find((f) => wheelVersion(flavour, f) !== null);
  if (pip.status !== 0 || !wheel) {
    throw new Error(
      `pip could not download ${spec}. Make the wheel reachable to pip (an index, or --find-links in pip.conf)` +
        (flavour === "cpu" ? ", or give the tfjs-node install access to storage.googleapis.com." : "."),
    );
  }
  const target = path.join(cacheRoot, cacheFolder(flavour, wheelVersion(flavour, wheel)!));
  rmSync(target, { recursive: true, force: true });
  tools.log(`unpacking libtensorflow from ${wheel}…`);
  const listing = JSON.parse(execFileSync(tools.python, ["-c", LIST_PY, path.join(download, wheel)], { encoding: "utf8", maxBuffer: 1 << 28 })) as { entries: string[]; metadata: string };
  execFileSync(tools.python, ["-c", EXTRACT_PY, path.join(download, wheel), target], { input: JSON.stringify(unpackPlan(listing.entries)), stdio: ["pipe", "inherit", "inherit"] });
  writeFileSync(path.join(target, REQUIREMENTS), JSON.stringify(cudaRequirements(listing.metadata), null, 2));
  writeFileSync(path.join(target, COMPLETE), `${wheel}\n`);
  rmSync(download, { recursive: true, force: true });
  return readUnpacked(target);
}
