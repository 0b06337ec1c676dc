import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium, screenshotPath } from "./browser.ts";
import { seedDatabase, type Seeded } from "./seed.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";
import { daemonCall, signIn } from "./session.ts";

let stack: Stack;
let seeded: Seeded;
let browser: Browser;

// Two experiments with the same title: the issue's "four cards all titled the same", in small.
const TITLE = "Figure 1: the 2-D toy";
const NAME = "Sharp minima, lr 0.01";
const TAG = "needle-hunt";

before(async () => {
  const dataDir = freshDataDir();
  seeded = await seedDatabase(dataDir, { vera: "viewer", alice: "member" }, [
    { owner: "alice", preset: "norms", title: TITLE, runs: 6 },
    { owner: "alice", preset: "norms", title: TITLE, runs: 4 },
  ]);
  stack = await startStack({ dataDir, token: seeded.adminToken });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const named = () => seeded.experiments[0]!;

test("an admin names and tags an experiment, and finds it in the queue by its tag", async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  await signIn(page, stack, seeded.adminToken, "admin");
  await page.goto(`${stack.webUrl}/experiments/${named().id}`);
  await page.locator("table.runs tr[data-run-id]").first().waitFor();
  await page.getByRole("button", { name: "Add name, notes, tags" }).click();
  const form = page.getByRole("form", { name: "Name, notes and tags of this experiment" });
  await form.getByLabel("Name").fill(NAME);
  await form.getByLabel(/^Tags/).fill("needle_hunt");
  await form.getByText('The tag "needle_hunt" is not a slug').waitFor();
  assert.equal(await form.getByRole("button", { name: "Save" }).isDisabled(), true, "a tag the daemon would refuse cannot be saved");
  await form.getByLabel(/^Tags/).fill(`${TAG}, Baseline`);
  await form.getByLabel("Notes").fill("Weight decay 0.1 keeps it out of the bad minimum.");
  await form.getByRole("button", { name: "Save" }).click();
  await page.locator(".page-header h1").filter({ hasText: NAME }).waitFor();
  const chips = page.getByTestId("experiment-annotation").locator(".tag-chip");
  await chips.first().waitFor();
  assert.deepEqual(await chips.allInnerTexts(), [TAG, "baseline"], "tags are stored lowercase, as chips");
  await page.getByTestId("notes").filter({ hasText: "Weight decay 0.1" }).waitFor();
  await page.screenshot({ path: screenshotPath("annotations-experiment-page"), fullPage: true });

  const stored = await daemonCall<{ experiment: { name: string; tags: string[] } }>(stack, seeded.adminToken, "experiments.get", { id: named().id });
  assert.deepEqual([stored.experiment.name, stored.experiment.tags], [NAME, [TAG, "baseline"]]);

  await page.goto(stack.webUrl);
  await page.locator('[data-testid="all-runs"][data-loaded="10"]').waitFor();
  assert.equal(await page.locator("article.experiment").count(), 2);
  await page.getByLabel("Filter by tag").fill(TAG);
  await page.getByLabel("Filter by tag").press("Enter");
  await page.locator('[data-testid="all-runs"][data-total="6"]').waitFor();
  await page.waitForFunction(() => document.querySelectorAll("article.experiment").length === 1);
  const card = page.locator("article.experiment");
  assert.equal(await card.getAttribute("data-experiment-id"), named().id);
  assert.equal(await card.locator("h3").innerText(), NAME, "the card shows the name, not the preset's title");
  assert.deepEqual(await card.locator(".tag-chip").allInnerTexts(), [TAG, "baseline"]);
  assert.match(page.url(), new RegExp(`[?&]tag=${TAG}`), "the filter is in the URL");
  const rows = page.locator('[data-testid="all-runs"] tbody tr');
  assert.deepEqual(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-run-id")))), new Set(named().runIds));
  await page.screenshot({ path: screenshotPath("annotations-queue-by-tag"), fullPage: true });
  await page.close();
});

test("an admin creates a user and issues a token that signs in elsewhere; revoked, that session is refused", async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  await signIn(page, stack, seeded.adminToken, "admin");
  await page.locator("header.app-header").getByRole("link", { name: "Admin" }).click();
  await page.getByRole("heading", { name: "Users and tokens" }).waitFor();
  await page.locator('[data-testid="users"] tr[data-user="vera"]').waitFor();

  const create = page.getByRole("form", { name: "Create a user" });
  await create.getByLabel("New user", { exact: true }).fill("carol");
  await create.getByLabel("Role of the new user").selectOption("member");
  await create.getByRole("button", { name: "Create user" }).click();
  const carol = page.locator('[data-testid="users"] tr[data-user="carol"]');
  await carol.waitFor();
  assert.equal(await carol.getByLabel("Role of carol").inputValue(), "member");

  const issue = page.getByRole("form", { name: "Issue a token" });
  await issue.getByLabel("User to issue a token for").selectOption("carol");
  await issue.getByLabel("Label", { exact: true }).fill("carol's laptop");
  await issue.getByRole("button", { name: "Issue token" }).click();
  const secret = (await page.getByTestId("issued-token-secret").innerText()).trim();
  assert.match(secret, /^mnm_/);
  await page.getByText("it is shown only this once").waitFor();
  const row = page.locator('[data-testid="tokens"] tr[data-state="live"]').filter({ hasText: "carol's laptop" });
  await row.waitFor();
  assert.ok(!(await page.getByTestId("tokens").innerText()).includes(secret), "the list never shows a secret");
  await page.screenshot({ path: screenshotPath("admin-token-issued"), fullPage: true });

  // Carol, in a browser of her own.
  const other = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const carolPage = await other.newPage();
  await signIn(carolPage, stack, secret, "carol");
  assert.equal(await carolPage.locator("header.app-header").getByRole("link", { name: "Admin" }).count(), 0, "no admin link for a member");
  await carolPage.locator('[data-testid="all-runs"][data-loaded="10"]').waitFor();
  await carolPage.screenshot({ path: screenshotPath("admin-token-signed-in"), fullPage: true });

  // A role changed while her page is open reaches it without a reload: the daemon closes her live
  // connection, and the page reconnects and asks again who she is.
  await carol.getByLabel("Role of carol").selectOption("viewer");
  await carolPage.getByTestId("user").filter({ hasText: "viewer" }).waitFor({ timeout: 10_000 });

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.locator('[data-testid="tokens"] tr[data-state="revoked"]').filter({ hasText: "carol's laptop" }).waitFor();
  await page.screenshot({ path: screenshotPath("admin-token-revoked"), fullPage: true });

  // Her open page, left alone, is told at once (the daemon closes her live connection) and says why...
  await carolPage.getByText("The daemon no longer accepts your token").waitFor({ timeout: 10_000 });
  assert.match(carolPage.url(), /sign-in/);
  await carolPage.screenshot({ path: screenshotPath("admin-revoked-session-refused"), fullPage: true });
  // ...which a reload, or a tab opened later, still says.
  await carolPage.reload();
  await carolPage.getByText("The daemon no longer accepts your token").waitFor();
  const later = await other.newPage();
  await later.goto(`${stack.webUrl}/machines`);
  await later.getByText("The daemon no longer accepts your token").waitFor();
  assert.match(later.url(), /sign-in/);
  await other.close();
  await page.close();
});

test("a viewer sees names and tags but no editor and no admin page; the daemon refuses both anyway", async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  await signIn(page, stack, seeded.tokens.vera!, "vera");
  await page.goto(`${stack.webUrl}/experiments/${named().id}`);
  await page.locator(".page-header h1").filter({ hasText: NAME }).waitFor();
  await page.getByTestId("experiment-annotation").locator(".tag-chip").first().waitFor();
  assert.equal(await page.getByRole("button", { name: /name, notes, tags/ }).count(), 0, "no editor for a viewer");
  assert.equal(await page.locator("header.app-header").getByRole("link", { name: "Admin" }).count(), 0);
  await page.goto(`${stack.webUrl}/admin`);
  await page.getByTestId("admin-refused").waitFor();
  await assert.rejects(daemonCall(stack, seeded.tokens.vera!, "experiments.annotate", { id: named().id, name: "mine" }, "mutation"), /needs the member role/);
  await assert.rejects(daemonCall(stack, seeded.tokens.vera!, "auth.listUsers", {}), /needs the admin role/);
  await page.close();
});
