/** What a keyboard shortcut does; the dashboard shell carries it out. */
export type ShortcutAction = "focus-search" | "go-queue" | "go-machines" | "go-compare" | "show-help" | "close";

/** Every shortcut, declared once: the matcher and the help dialog both read this list. */
export const SHORTCUTS: readonly { keys: readonly string[]; action: ShortcutAction; description: string }[] = [
  { keys: ["/"], action: "focus-search", description: "Search runs" },
  { keys: ["g", "q"], action: "go-queue", description: "Go to the queue" },
  { keys: ["g", "m"], action: "go-machines", description: "Go to the machines" },
  { keys: ["g", "c"], action: "go-compare", description: "Go to compare" },
  { keys: ["?"], action: "show-help", description: "Show these shortcuts" },
  { keys: ["Escape"], action: "close", description: "Close this dialog" },
];

/** A second key must follow the first of a sequence ("g", then "q") within this time, as in GitHub or Gmail. */
export const SEQUENCE_TIMEOUT_MS = 1_500;

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focus is in a text field, a select or editable text: keys are the user's typing, not shortcuts. */
  typing: boolean;
  /** When the key went down, in milliseconds (event.timeStamp). */
  time: number;
}

/** The keys typed so far of a sequence that has not finished. */
export interface ShortcutState {
  typed: readonly string[];
  since: number;
}

export const NO_KEYS: ShortcutState = { typed: [], since: 0 };

/**
 * The next state and the shortcut a key press completes, if any. Escape always closes; other
 * keys count only outside text fields and without Ctrl, Cmd or Alt (the browser's own shortcuts).
 */
export function pressKey(state: ShortcutState, press: KeyPress): { state: ShortcutState; action: ShortcutAction | null } {
  if (press.key === "Escape") return { state: NO_KEYS, action: "close" };
  if (press.typing || press.ctrlKey || press.metaKey || press.altKey) return { state: NO_KEYS, action: null };
  const fresh = state.typed.length === 0 || press.time - state.since > SEQUENCE_TIMEOUT_MS;
  const typed = fresh ? [press.key] : [...state.typed, press.key];
  const since = fresh ? press.time : state.since;
  const done = SHORTCUTS.find((s) => sameKeys(s.keys, typed));
  if (done) return { state: NO_KEYS, action: done.action };
  if (SHORTCUTS.some((s) => startsWith(s.keys, typed))) return { state: { typed, since }, action: null };
  // Not a sequence we know: the key may still begin one ("g x g q" goes to the queue).
  return fresh ? { state: NO_KEYS, action: null } : pressKey(NO_KEYS, press);
}

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && startsWith(a, b);
const startsWith = (keys: readonly string[], typed: readonly string[]) => typed.length <= keys.length && typed.every((k, i) => keys[i] === k);

/** Whether an element takes typed text (where single-key shortcuts must not fire). */
export function isTypingTarget(element: { tagName: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!element) return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toLowerCase();
  if (tag === "textarea" || tag === "select") return true;
  return tag === "input" && !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes((element.type ?? "text").toLowerCase());
}
