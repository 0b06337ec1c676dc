import { existsSync, readFileSync } from "node:fs";

/**
 * Which malloc a training process uses. TensorFlow's CPU allocator is plain `posix_memalign`:
 * under glibc, a training step's activations (megabytes each, freed and re-allocated every step)
 * fragment its arenas, and the process's peak RSS ends up far above its live tensors. With
 * tcmalloc the same step peaks a quarter to a third lower (small CNN 999 → 663 MB, ResNet18
 * 2,776 → 2,199 MB; `pnpm bench:engine`, README's Performance section). It has to be loaded
 * before the process starts, so the daemon sets LD_PRELOAD for the workers it forks.
 */
export type AllocatorName = "tcmalloc" | "system";

/** Where Debian/Ubuntu (libtcmalloc-minimal4) and Fedora/RHEL (gperftools-libs) install it. */
const TCMALLOC_PATHS = [
  "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4",
  "/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4",
  "/usr/lib64/libtcmalloc_minimal.so.4",
  "/usr/lib/libtcmalloc_minimal.so.4",
];

/** The first installed tcmalloc among `candidates`, or undefined. */
export function findTcmalloc(candidates: readonly string[] = TCMALLOC_PATHS): string | undefined {
  return candidates.find((candidate) => existsSync(candidate));
}

const INSTALL_HINT = "install it (Debian/Ubuntu: `apt-get install libtcmalloc-minimal4`; Fedora: `dnf install gperftools-libs`)";

/**
 * The environment to add for a training process: tcmalloc preloaded when it is installed, unless
 * MINIMA_ALLOCATOR=system. MINIMA_ALLOCATOR=tcmalloc insists on it and throws when it is missing.
 */
export function trainingProcessEnv(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = TCMALLOC_PATHS): Record<string, string> {
  const wanted = env.MINIMA_ALLOCATOR ?? "auto";
  if (wanted === "system") return {};
  if (wanted !== "auto" && wanted !== "tcmalloc") {
    throw new Error(`MINIMA_ALLOCATOR must be "tcmalloc", "system" or unset (tcmalloc when installed), got "${wanted}".`);
  }
  const library = findTcmalloc(candidates);
  if (!library) {
    if (wanted === "tcmalloc") throw new Error(`MINIMA_ALLOCATOR=tcmalloc, but no tcmalloc was found in ${candidates.join(", ")}: ${INSTALL_HINT}, or unset MINIMA_ALLOCATOR.`);
    return {};
  }
  const preload = env.LD_PRELOAD?.split(/[:\s]+/).filter(Boolean) ?? [];
  return {
    LD_PRELOAD: [library, ...preload.filter((entry) => entry !== library)].join(":"),
    // tcmalloc prints a stack trace for every allocation over 1 GiB unless told otherwise.
    TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD: env.TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD ?? String(2 ** 40),
  };
}

/** The allocator this process runs on, from the libraries it has mapped. */
export function activeAllocator(): AllocatorName {
  try {
    return /libtcmalloc/.test(readFileSync("/proc/self/maps", "utf8")) ? "tcmalloc" : "system";
  } catch {
    return "system";
  }
}

/** For `minima doctor`: what runs train on, and how to get tcmalloc when it is missing. */
export function allocatorAdvice(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MINIMA_ALLOCATOR === "system") return "workers use the system malloc (MINIMA_ALLOCATOR=system)";
  const library = findTcmalloc();
  return library
    ? `workers preload tcmalloc (${library}); MINIMA_ALLOCATOR=system turns it off`
    : `workers use the system malloc: tcmalloc, which lowers a training step's peak memory by a quarter to a third, is not installed; ${INSTALL_HINT}`;
}
