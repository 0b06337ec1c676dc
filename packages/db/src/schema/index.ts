export * from "./artifacts.ts";
export * from "./daemons.ts";
export * from "./events.ts";
export * from "./experiments.ts";
export * from "./metrics.ts";
export * from "./run-logs.ts";
export * from "./runs.ts";
export * from "./users.ts";
