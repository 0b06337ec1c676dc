"use client";

import { useEffect, useRef } from "react";
import { QueryStatus } from "../query-status.tsx";
import { useRunLogs } from "./use-run-logs.ts";

const LIVE = new Set(["queued", "running", "blocked"]);

/** The run's log (what the daemon did with it, what its worker printed), following along while it runs. */
export function RunLogs({ runId, status }: { runId: string; status: string }) {
  const live = LIVE.has(status);
  const { lines, batch, caughtUp } = useRunLogs(runId, live);
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // Stay at the newest line unless the reader has scrolled up to read.
  useEffect(() => {
    const element = box.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <section className="card">
      <header className="card-header">
        <h2>Log</h2>
        <span className="meta">
          {lines.length.toLocaleString("en-US")} {lines.length === 1 ? "line" : "lines"}
          {live ? " · following" : ""}
          {!caughtUp && lines.length > 0 ? " · reading…" : ""}
        </span>
      </header>
      {lines.length === 0 && !batch.data && <QueryStatus query={batch} what="the log" />}
      {batch.error && batch.data && <QueryStatus query={batch} what="new log lines" />}
      {lines.length === 0 && batch.data && <p className="page-status">{live ? "Nothing logged yet; new lines appear here as the run writes them." : "This run logged nothing."}</p>}
      {lines.length > 0 && (
        <div
          className="run-log"
          ref={box}
          tabIndex={0}
          role="log"
          aria-label="Run log"
          data-testid="run-logs"
          data-lines={lines.length}
          onScroll={(e) => {
            const el = e.currentTarget;
            pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {lines.map((line) => (
            <div key={line.id} className={`log-line log-${line.source}`}>
              <time dateTime={line.time}>{line.time.slice(11, 19)}</time>
              <span className="log-source">{line.source}</span>
              <span className="log-text">{line.text}</span>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
