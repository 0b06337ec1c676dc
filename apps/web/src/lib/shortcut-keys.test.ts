import assert from "node:assert/strict";
import { test } from "node:test";
import { isTypingTarget, NO_KEYS, pressKey, SEQUENCE_TIMEOUT_MS, type KeyPress, type ShortcutAction, type ShortcutState } from "./shortcut-keys.ts";

const press = (key: string, time: number, extra: Partial<KeyPress> = {}): KeyPress => ({ key, time, ctrlKey: false, metaKey: false, altKey: false, typing: false, ...extra });

/** The actions a series of key presses fires, one per press (null: none). */
function typeKeys(presses: KeyPress[]): (ShortcutAction | null)[] {
  let state: ShortcutState = NO_KEYS;
  return presses.map((p) => {
    const next = pressKey(state, p);
    state = next.state;
    return next.action;
  });
}

void test("single keys: / searches, ? shows the help, Escape closes", () => {
  assert.deepEqual(typeKeys([press("/", 0), press("?", 10), press("Escape", 20)]), ["focus-search", "show-help", "close"]);
});

void test("g then q, m or c navigates; g alone does nothing yet", () => {
  assert.deepEqual(typeKeys([press("g", 0), press("q", 100)]), [null, "go-queue"]);
  assert.deepEqual(typeKeys([press("g", 0), press("m", 100)]), [null, "go-machines"]);
  assert.deepEqual(typeKeys([press("g", 0), press("c", 100)]), [null, "go-compare"]);
});

void test("a sequence's second key counts only within the timeout", () => {
  assert.deepEqual(typeKeys([press("g", 0), press("q", SEQUENCE_TIMEOUT_MS + 1)]), [null, null]);
  // A late second "g" starts a new sequence.
  assert.deepEqual(typeKeys([press("g", 0), press("g", SEQUENCE_TIMEOUT_MS + 1), press("m", SEQUENCE_TIMEOUT_MS + 50)]), [null, null, "go-machines"]);
});

void test("an unknown second key drops the sequence but may begin a new one", () => {
  assert.deepEqual(typeKeys([press("g", 0), press("x", 10), press("q", 20)]), [null, null, null]);
  assert.deepEqual(typeKeys([press("g", 0), press("g", 10), press("q", 20)]), [null, null, "go-queue"]);
  assert.deepEqual(typeKeys([press("g", 0), press("/", 10)]), [null, "focus-search"]);
  assert.deepEqual(typeKeys([press("q", 0), press("m", 10)]), [null, null]);
});

void test("keys typed into a field or with Ctrl, Cmd or Alt are not shortcuts; Escape still closes", () => {
  assert.deepEqual(typeKeys([press("/", 0, { typing: true }), press("?", 1, { typing: true }), press("Escape", 2, { typing: true })]), [null, null, "close"]);
  assert.deepEqual(typeKeys([press("g", 0), press("q", 10, { typing: true })]), [null, null]);
  assert.deepEqual(typeKeys([press("g", 0, { ctrlKey: true }), press("q", 10)]), [null, null]);
  assert.deepEqual(typeKeys([press("/", 0, { metaKey: true }), press("/", 1, { altKey: true })]), [null, null]);
});

void test("text fields, selects and editable text take typing; checkboxes and buttons do not", () => {
  assert.equal(isTypingTarget({ tagName: "INPUT", type: "search" }), true);
  assert.equal(isTypingTarget({ tagName: "INPUT" }), true);
  assert.equal(isTypingTarget({ tagName: "TEXTAREA" }), true);
  assert.equal(isTypingTarget({ tagName: "SELECT" }), true);
  assert.equal(isTypingTarget({ tagName: "DIV", isContentEditable: true }), true);
  assert.equal(isTypingTarget({ tagName: "INPUT", type: "checkbox" }), false);
  assert.equal(isTypingTarget({ tagName: "BUTTON" }), false);
  assert.equal(isTypingTarget(null), false);
});
