import type { ReactNode } from "react";

// Placeholders in each page's shape, shown in the server's HTML (before the session is known),
// by each route's loading.tsx and while a page's first query is pending: the page does not jump
// when its content arrives, and nothing in them is private. No hooks: they render on the server too.

function Skeleton({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="skeleton" data-testid="page-skeleton" role="status" aria-busy="true">
      <span className="visually-hidden">Loading {label}…</span>
      {children}
    </div>
  );
}

const Line = ({ width }: { width: string }) => <span className="skeleton-line" style={{ width }} />;

/** Table-shaped rows (the runs table's row height) for a list whose first page is on its way. */
export function SkeletonRows({ rows = 8 }: { rows?: number }) {
  return (
    <div className="skeleton-rows" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        <div className="skeleton-row" key={i}>
          <span className="skeleton-cell" style={{ width: `${70 + ((i * 37) % 30)}%` }} />
          <span className="skeleton-cell" style={{ width: "60%" }} />
          <span className="skeleton-cell" style={{ width: "45%" }} />
          <span className="skeleton-cell" style={{ width: `${50 + ((i * 53) % 40)}%` }} />
        </div>
      ))}
    </div>
  );
}

function CardSkeleton({ children }: { children: ReactNode }) {
  return (
    <section className="card" aria-hidden="true">
      <Line width="10rem" />
      <div style={{ marginTop: "0.9rem" }}>{children}</div>
    </section>
  );
}

const Heading = ({ breadcrumb }: { breadcrumb: boolean }) => (
  <div className="skeleton" aria-hidden="true" style={{ gap: "0.6rem" }}>
    {breadcrumb && <Line width="12rem" />}
    <span className="skeleton-line skeleton-title" />
    <Line width="min(36rem, 90%)" />
  </div>
);

export function QueueSkeleton() {
  return (
    <Skeleton label="the queue">
      <span className="skeleton-line skeleton-title" style={{ width: "7rem" }} />
      <CardSkeleton>
        <Line width="100%" />
        <SkeletonRows rows={10} />
      </CardSkeleton>
    </Skeleton>
  );
}

export function ExperimentSkeleton() {
  return (
    <Skeleton label="the experiment">
      <Heading breadcrumb />
      <CardSkeleton>
        <SkeletonRows rows={8} />
      </CardSkeleton>
      <CardSkeleton>
        <span className="skeleton-block" />
      </CardSkeleton>
    </Skeleton>
  );
}

/** The experiment page's heading while the experiment is on its way (its runs table is already there, with its own). */
export function ExperimentHeadingSkeleton() {
  return (
    <Skeleton label="the experiment">
      <Heading breadcrumb />
    </Skeleton>
  );
}

export function RunSkeleton() {
  return (
    <Skeleton label="the run">
      <Heading breadcrumb />
      <CardSkeleton>
        <SkeletonRows rows={4} />
      </CardSkeleton>
      <div className="curves" aria-hidden="true">
        <span className="skeleton-block" />
        <span className="skeleton-block" />
      </div>
    </Skeleton>
  );
}

export function MachinesSkeleton() {
  return (
    <Skeleton label="the machines">
      <Heading breadcrumb={false} />
      <CardSkeleton>
        <SkeletonRows rows={3} />
        <span className="skeleton-block" style={{ marginTop: "1rem" }} />
      </CardSkeleton>
    </Skeleton>
  );
}

export function GenericSkeleton() {
  return (
    <Skeleton label="the page">
      <Heading breadcrumb={false} />
      <CardSkeleton>
        <SkeletonRows rows={5} />
      </CardSkeleton>
    </Skeleton>
  );
}

/** The skeleton of the page at `pathname` (the shell shows it before it can render the page itself). */
export function RouteSkeleton({ pathname }: { pathname: string }) {
  if (pathname === "/") return <QueueSkeleton />;
  if (pathname.startsWith("/experiments/")) return <ExperimentSkeleton />;
  if (pathname.startsWith("/runs/")) return <RunSkeleton />;
  if (pathname.startsWith("/machines")) return <MachinesSkeleton />;
  return <GenericSkeleton />;
}
