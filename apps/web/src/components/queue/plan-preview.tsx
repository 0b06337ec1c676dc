"use client";

import { useQuery } from "@tanstack/react-query";
import { planSummary } from "../../lib/plan-summary.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";

/** The plan the daemon would queue for these options: its runs, what it reuses, how long it may take. */
export function PlanPreview({ preset, options }: { preset: string; options: Record<string, unknown> | null }) {
  const trpc = useTRPC();
  const plan = useQuery({ ...trpc.experiments.plan.queryOptions({ preset, options: options ?? {} }), enabled: options !== null });
  if (options === null) return <p className="hint">Fix the options above to see the plan.</p>;
  if (plan.error) return <p className="error">The daemon refuses this plan: {plan.error.message}</p>;
  if (!plan.data) return <p className="hint">Planning…</p>;
  return (
    <details className="plan-preview" data-testid="plan-preview">
      <summary>{planSummary(plan.data)}</summary>
      <ul>
        {plan.data.runs.map((run) => (
          <li key={run.key}>
            <code>{run.key}</code> {run.title}
            {run.dependsOn.length > 0 && <span className="hint"> · after {run.dependsOn.join(", ")}</span>}
            {run.reused && <span className="hint"> · finished before, reused</span>}
            {run.twinInFlight && <span className="hint"> · queued already (same configuration), trained once</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
