"use client";

import { AllRuns } from "./all-runs.tsx";
import { ExperimentList } from "./experiment-list.tsx";
import { NewExperimentForm } from "./new-experiment-form.tsx";

/** The home page: every run on the server, the experiments they belong to, and a form to queue more. */
export function QueueView() {
  return (
    <div className="queue">
      {/* The runs table spans the page: at 1,440 px its default columns and Actions fit without scrolling. */}
      <section className="queue-runs">
        <h1>Queue</h1>
        <AllRuns />
      </section>
      <section className="queue-main">
        <h2>Experiments</h2>
        <ExperimentList />
      </section>
      <aside className="queue-side">
        <NewExperimentForm />
      </aside>
    </div>
  );
}
