import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

export const artifactsDir = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

/** Debian's Chromium, headless, with a fresh profile and no background traffic; `extraArgs` add flags (a certificate to trust). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = [process.env.MINIMA_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
  if (!executablePath) {
    throw new Error("No Chromium found: install Debian's `chromium` package (npm test does, as root) or set MINIMA_CHROMIUM.");
  }
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

export function screenshotPath(name: string): string {
  return path.join(artifactsDir, `${name}.png`);
}
