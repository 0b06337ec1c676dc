import type { AppRouter } from "@minima/daemon/router";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

/** The daemon's shapes as the dashboard sees them, inferred from its router. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type Whoami = RouterOutputs["auth"]["whoami"];
export type Preset = RouterOutputs["experiments"]["presets"][number];
export type ExperimentSummary = RouterOutputs["experiments"]["list"][number];
export type ExperimentDetail = RouterOutputs["experiments"]["get"];
/** A run as an experiment lists it. */
export type RunSummary = ExperimentDetail["runs"][number];
/** A page of `runs.list`, and a run on it (with its owner, experiment title and preset). */
export type RunListPage = RouterOutputs["runs"]["list"];
export type RunListItem = RunListPage["items"][number];
export type RunsListInput = RouterInputs["runs"]["list"];
/** A column `runs.list` can sort by. */
export type RunSortKey = NonNullable<Exclude<RunsListInput, void | undefined>["sort"]>;
export type RunDetail = RouterOutputs["runs"]["get"];
/** `runs.curves`: runs of any experiments with their settings, final metrics and curves. */
export type RunCurvesResult = RouterOutputs["runs"]["curves"];
export type CurveRun = RunCurvesResult["runs"][number];
export type ToyPanel = RouterOutputs["figures"]["toyBoundaries"]["panels"][number];
export type Table2 = RouterOutputs["tables"]["table2"];
/** `machines.current`: this daemon's host and devices, the runs on each, and the other daemons. */
export type MachinesCurrent = RouterOutputs["machines"]["current"];
export type MachineDevice = MachinesCurrent["here"]["devices"][number];
export type RunOnDevice = MachineDevice["runs"][number];
/** One sample of the host, as `machines.onSamples` streams them. */
export type MachineSample = NonNullable<MachinesCurrent["here"]["latest"]>;
