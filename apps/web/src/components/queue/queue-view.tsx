"use client";

import { ExperimentList } from "./experiment-list.tsx";
import { NewExperimentForm } from "./new-experiment-form.tsx";

/** The home page: queue a new experiment, and watch every experiment's runs. */
export function QueueView() {
  return (
    <div className="queue">
      <section className="queue-main">
        <h1>Queue</h1>
        <ExperimentList />
      </section>
      <aside className="queue-side">
        <NewExperimentForm />
      </aside>
    </div>
  );
}
