import assert from "node:assert/strict";
import { test } from "node:test";
import { dropToken, isTokenChange, loadNotice, loadToken, saveToken } from "./token-store.ts";

/** localStorage's contract over a Map (what Chromium's does with strings). */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
    keys: () => [...items.keys()],
  };
}

void test("a sign-out keeps its reason until the next sign-in, so a reload still says why", () => {
  const storage = memoryStorage();
  saveToken(storage, "mnm_carol");
  assert.equal(loadToken(storage), "mnm_carol");
  assert.equal(loadNotice(storage), null, "nothing to explain while signed in");

  dropToken(storage, "The daemon no longer accepts your token. Sign in again.");
  assert.equal(loadToken(storage), null);
  assert.equal(loadNotice(storage), "The daemon no longer accepts your token. Sign in again.");
  assert.equal(loadNotice(storage), "The daemon no longer accepts your token. Sign in again.", "reading it does not use it up");

  saveToken(storage, "mnm_carol2");
  assert.equal(loadNotice(storage), null, "a sign-in forgets the old reason");
  dropToken(storage, null);
  assert.equal(loadNotice(storage), null, "a sign-out without a reason leaves none from before");
  assert.deepEqual(storage.keys(), []);
});

void test("a reason is never shown beside a live token, and a blank token counts as none", () => {
  const storage = memoryStorage();
  dropToken(storage, "You signed out.");
  storage.setItem("minima.token", "mnm_from_another_tab");
  assert.equal(loadNotice(storage), null);
  storage.setItem("minima.token", "  ");
  assert.equal(loadToken(storage), null);
  assert.equal(loadNotice(storage), "You signed out.");
});

void test("other tabs follow changes to the token, to the reason, and a cleared storage", () => {
  assert.ok(isTokenChange({ key: "minima.token" }));
  assert.ok(isTokenChange({ key: "minima.signed-out-because" }));
  assert.ok(isTokenChange({ key: null }), "localStorage.clear() names no key");
  assert.ok(!isTokenChange({ key: "minima.theme" }));
});
