import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

export const artifactsDir = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

/** Debian's Chromium (or MINIMA_CHROMIUM), with a message saying how to get it when there is none. */
export function chromiumPath(): string {
  const executablePath = [process.env.MINIMA_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
  if (!executablePath) {
    throw new Error("No Chromium found: install Debian's `chromium` package (npm test does, as root) or set MINIMA_CHROMIUM.");
  }
  return executablePath;
}

/** Flags for a headless Chromium in a sandboxless container with no background traffic. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

/** Debian's Chromium, headless, with a fresh profile and no background traffic; `extraArgs` add flags (a certificate to trust). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS, ...extraArgs] });
}

export function screenshotPath(name: string): string {
  return path.join(artifactsDir, `${name}.png`);
}
