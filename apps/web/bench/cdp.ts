// One tab of a headless Chromium driven over the DevTools protocol, with nothing between a page and
// its renderer process.
//
// bench:web does not time pages through Playwright: Playwright attaches to every new renderer
// process paused (Target.setAutoAttach with waitForDebuggerOnStart) and resumes it once it has set
// the process up. A tab that changes process on its way to the dashboard (from a new tab) waits
// that long before it can read the response and paint: measured here, 100-180 ms on a page's first
// paint, which no user's browser spends. This driver attaches to the one tab and nothing else; the
// protocol runs on a pipe (Chromium's --remote-debugging-pipe: fd 3 in, fd 4 out, NUL-separated JSON).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { CHROMIUM_FLAGS, chromiumPath } from "../e2e/browser.ts";

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export class CdpTab {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private sessionId = "";
  private readonly toChromium: Writable;

  private constructor(
    private readonly chromium: ChildProcess,
    private readonly profile: string,
  ) {
    const [, , , toChromium, fromChromium] = chromium.stdio as [null, null, Readable, Writable, Readable];
    this.toChromium = toChromium;
    let buffered = "";
    fromChromium.on("data", (chunk: Buffer) => {
      const messages = (buffered + chunk.toString("utf8")).split("\0");
      buffered = messages.pop()!;
      for (const text of messages) {
        const reply = JSON.parse(text) as Reply;
        if (reply.id === undefined) continue; // an event: none is listened to
        this.pending.get(reply.id)?.(reply);
        this.pending.delete(reply.id);
      }
    });
  }

  /** Starts Chromium (a fresh profile, a `width`×`height` window) and attaches to its first tab. */
  static async open(width: number, height: number): Promise<CdpTab> {
    const profile = mkdtempSync(path.join(os.tmpdir(), "minima-bench-chromium-"));
    const chromium = spawn(
      chromiumPath(),
      [...CHROMIUM_FLAGS, "--headless", "--remote-debugging-pipe", `--user-data-dir=${profile}`, `--window-size=${width},${height}`, "about:blank"],
      { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
    );
    chromium.stderr!.resume();
    const tab = new CdpTab(chromium, profile);
    const { targetInfos } = (await tab.send("Target.getTargets", {}, false)) as { targetInfos: { type: string; targetId: string }[] };
    const page = targetInfos.find((t) => t.type === "page");
    if (!page) throw new Error("Chromium opened no tab");
    tab.sessionId = ((await tab.send("Target.attachToTarget", { targetId: page.targetId, flatten: true }, false)) as { sessionId: string }).sessionId;
    await tab.send("Page.enable"); // for scripts on new documents
    return tab;
  }

  private send(method: string, params: object = {}, inTab = true): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply.result ?? {})));
      this.toChromium.write(`${JSON.stringify({ id, method, params, ...(inTab ? { sessionId: this.sessionId } : {}) })}\0`);
    });
  }

  /** Starts a navigation of the tab to `url` (it answers once the document is on its way). */
  async navigate(url: string): Promise<void> {
    const { errorText } = (await this.send("Page.navigate", { url })) as { errorText?: string };
    if (errorText) throw new Error(`navigating to ${url}: ${errorText}`);
  }

  /** The value of `expression` in the tab's current document (DevTools' evaluation: the page's CSP does not apply). */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.send("Runtime.evaluate", { expression, returnByValue: true })) as {
      result: { value: T };
      exceptionDetails?: { text: string };
    };
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
    return result.value;
  }

  /** Polls `expression` every 20 ms until it is neither undefined, null nor false. */
  async waitFor<T>(expression: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.evaluate<T | undefined | null | false>(expression).catch(() => undefined); // a document going away mid-evaluation
      if (value !== undefined && value !== null && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`still false after ${timeoutMs} ms: ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Runs `source` in every new document of the tab before its own scripts, until removed with the returned function. */
  async onNewDocument(source: string): Promise<() => Promise<void>> {
    const { identifier } = (await this.send("Page.addScriptToEvaluateOnNewDocument", { source })) as { identifier: string };
    return async () => void (await this.send("Page.removeScriptToEvaluateOnNewDocument", { identifier }));
  }

  /** Closes Chromium (killing it if it does not go in 5 s) and deletes its profile. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.chromium.once("exit", resolve));
    const killer = setTimeout(() => this.chromium.kill("SIGKILL"), 5_000);
    await this.send("Browser.close", {}, false).catch(() => undefined); // it may go before it answers
    await exited;
    clearTimeout(killer);
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 5 });
  }
}
