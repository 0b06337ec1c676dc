"use client";

import { AllRuns } from "./all-runs.tsx";
import { ExperimentList } from "./experiment-list.tsx";
import { NewExperimentForm } from "./new-experiment-form.tsx";

/** The home page: every run on the server, the experiments they belong to, and a form to queue more. */
export function QueueView() {
  return (
    <div className="queue">
      <section className="queue-main">
        <h1>Queue</h1>
        <AllRuns />
        <h2>Experiments</h2>
        <ExperimentList />
      </section>
      <aside className="queue-side">
        <NewExperimentForm />
      </aside>
    </div>
  );
}
