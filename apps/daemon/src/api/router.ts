import { authRouter } from "./routers/auth.ts";
import { experimentsRouter } from "./routers/experiments.ts";
import { figuresRouter } from "./routers/figures.ts";
import { machinesRouter } from "./routers/machines.ts";
import { runsRouter } from "./routers/runs.ts";
import { systemRouter } from "./routers/system.ts";
import { tablesRouter } from "./routers/tables.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  experiments: experimentsRouter,
  runs: runsRouter,
  figures: figuresRouter,
  tables: tablesRouter,
  machines: machinesRouter,
});

/** The API's type: all a client (the dashboard, scripts) imports from the daemon. */
export type AppRouter = typeof appRouter;
