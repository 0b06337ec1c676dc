import next from "next";
import { createDashboardServer } from "./dashboard-server.ts";
import { readServeOptions, USAGE } from "./serve-options.ts";

/**
 * The dashboard's production server as `npm start` runs it (see serve.mjs): stops on SIGINT and
 * SIGTERM, and when the process that started it is gone, so a killed `npm start` leaves no
 * dashboard holding its port. Wrong settings stop it before Next starts, with what to do.
 */
export async function serve(dir: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (argv.includes("--help")) {
    console.log(USAGE);
    process.exit(0);
  }
  let options;
  try {
    options = readServeOptions(argv, env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const { host, port, tls, daemonUrl, dev } = options;
  // The dashboard reports nothing to Next's telemetry, as under `npm start` (Next reads process.env).
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const app = next({ dev, dir, hostname: host, port });
  await app.prepare();
  const dashboard = createDashboardServer({ tls, daemonUrl, dev, handle: app.getRequestHandler(), log: (message) => console.error(message) });
  const { server } = dashboard;

  const stop = () => {
    server.close(() => process.exit(0));
    dashboard.closeConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // MINIMA_PARENT_PID: the `npm start` that started it, which may be gone before this line runs.
  const parent = Number(env.MINIMA_PARENT_PID ?? process.ppid);
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();

  server.once("error", (error: NodeJS.ErrnoException) => {
    console.error(error.code === "EADDRINUSE" ? `Port ${port} on ${host} is in use; set MINIMA_WEB_PORT to a free port.` : `The dashboard could not listen: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    const shown = host.includes(":") ? `[${host}]` : host;
    const forwarded = `/trpc and /artifacts/ forwarded to the daemon at ${daemonUrl.href.replace(/\/$/, "")}`;
    console.log(`dashboard listening on ${tls ? "https" : "http"}://${shown}:${actual} (${forwarded})${dev ? "; development server: pages compiled on request, reloaded on save" : ""}`);
  });
}
