/** The daemon's HTTP routes; anything else is answered 404 with a description of the API. */
export type Route = "trpc" | "artifacts" | "healthz" | "readyz" | "root";

/** The methods each route serves (OPTIONS: CORS preflight); any other is answered 405 with these in `Allow`. */
export const ROUTE_METHODS: Record<Route, readonly string[]> = {
  // A query is a GET, or a POST when its input is too long for a URL; mutations are POSTs.
  trpc: ["GET", "POST", "OPTIONS"],
  artifacts: ["GET", "HEAD", "OPTIONS"],
  // For a supervisor (systemd, Docker, Kubernetes, a load balancer): no token, nothing secret.
  healthz: ["GET", "HEAD"],
  readyz: ["GET", "HEAD"],
  root: ["GET", "HEAD", "OPTIONS"],
};

/** The path of a request target, without its query; "" for a target that is not a path ("*", "http://…"). */
export const pathOf = (url: string | undefined) => (url?.startsWith("/") ? url.split("?", 1)[0]! : "");

export function routeOf(url: string | undefined): Route | null {
  const path = pathOf(url);
  if (path.startsWith("/trpc/")) return "trpc";
  if (path.startsWith("/artifacts/")) return "artifacts";
  if (path === "/healthz") return "healthz";
  if (path === "/readyz") return "readyz";
  return path === "/" ? "root" : null;
}
