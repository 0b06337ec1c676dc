"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { isTypingTarget, NO_KEYS, pressKey, SHORTCUTS, type ShortcutAction, type ShortcutState } from "../lib/shortcut-keys.ts";

const ROUTES: Partial<Record<ShortcutAction, string>> = { "go-queue": "/", "go-machines": "/machines", "go-compare": "/compare" };
const SEARCH = 'input[type="search"]';
// After "/" on a page without a search box, how long to wait for the queue's box to appear.
const SEARCH_WAIT_MS = 10_000;

/** Waits (a frame at a time, up to SEARCH_WAIT_MS) for the page's search box and focuses it. */
function focusSearchWhenShown(): () => void {
  const until = performance.now() + SEARCH_WAIT_MS;
  let frame = 0;
  const tryFocus = () => {
    const box = document.querySelector<HTMLInputElement>(SEARCH);
    if (box) return box.focus();
    if (performance.now() < until) frame = requestAnimationFrame(tryFocus);
  };
  tryFocus();
  return () => cancelAnimationFrame(frame);
}

/**
 * The dashboard's keyboard shortcuts (lib/shortcut-keys.ts says which): "/" focuses the search
 * (on the queue, going there first), "g q", "g m", "g c" navigate, "?" opens the help, Escape closes it.
 */
export function KeyboardShortcuts() {
  const router = useRouter();
  const pathname = usePathname();
  const dialog = useRef<HTMLDialogElement>(null);
  const state = useRef<ShortcutState>(NO_KEYS);
  // "/" away from the queue: focus its search box once the queue is on screen.
  const searchAfterNavigation = useRef(false);

  useEffect(() => {
    if (!searchAfterNavigation.current || pathname !== "/") return;
    searchAfterNavigation.current = false;
    return focusSearchWhenShown();
  }, [pathname]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const { ctrlKey, metaKey, altKey, key, timeStamp: time } = event;
      const typing = isTypingTarget(document.activeElement);
      const next = pressKey(state.current, { key, ctrlKey, metaKey, altKey, typing, time });
      state.current = next.state;
      const action = next.action;
      if (!action || (action === "close" && !dialog.current?.open)) return;
      event.preventDefault();
      if (action === "close") return dialog.current?.close();
      dialog.current?.close();
      if (action === "show-help") return dialog.current?.showModal();
      const route = ROUTES[action];
      if (route) return router.push(route);
      const box = document.querySelector<HTMLInputElement>(SEARCH);
      if (box) return box.focus();
      searchAfterNavigation.current = true;
      router.push("/");
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [router]);

  return (
    <>
      <button type="button" className="secondary shortcuts-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => dialog.current?.showModal()}>
        ?
      </button>
      <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" data-testid="shortcuts-dialog">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl>
          {SHORTCUTS.map((s) => (
            <div key={s.action} style={{ display: "contents" }}>
              <dt>
                {s.keys.map((k, i) => (
                  <span key={i}>
                    {i > 0 && " then "}
                    <kbd>{k === "Escape" ? "Esc" : k}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{s.description}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button type="submit" className="secondary">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
