import type { Page } from "playwright-core";
import type { Stack } from "./servers.ts";

/**
 * Signs in on the dashboard's form with a token and waits for the user's name in the header;
 * if it never shows, the error says where the page ended up and what it said.
 */
export async function signIn(page: Page, stack: Stack, token: string, name: string): Promise<void> {
  await page.goto(`${stack.webUrl}/sign-in`);
  await page.getByLabel("Access token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  try {
    await page.getByTestId("user").filter({ hasText: name }).waitFor();
  } catch (cause) {
    const alerts = await page.getByRole("alert").allTextContents();
    throw new Error(`Signing in as ${name} did not finish: the page is ${page.url()}, saying ${JSON.stringify(alerts)}`, { cause });
  }
}

/** A tRPC call straight to the daemon with a token (what a script would do). */
export async function daemonCall<T>(stack: Stack, token: string, procedure: string, input: unknown, kind: "query" | "mutation" = "query"): Promise<T> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const url = `${stack.daemonUrl}/trpc/${procedure}`;
  const response =
    kind === "query"
      ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(url, { method: "POST", headers, body: JSON.stringify(input) });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${procedure} failed: ${body.error?.message ?? response.status}`);
  return body.result.data;
}
