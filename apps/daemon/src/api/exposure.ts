import net from "node:net";

/** The addresses only this machine can reach: 127.0.0.0/8 and ::1 (also as ::ffff:127.x.y.z). */
function loopbackAddresses(): net.BlockList {
  const loopback = new net.BlockList();
  loopback.addSubnet("127.0.0.0", 8, "ipv4");
  loopback.addAddress("::1", "ipv6");
  return loopback;
}

/** Whether only this machine can reach `host`; 0.0.0.0, :: and any other name are reachable from the network. */
export function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  const family = net.isIP(host);
  return family !== 0 && loopbackAddresses().check(host, family === 6 ? "ipv6" : "ipv4");
}

/**
 * Why a server (`what`: "the API", "the dashboard") may not listen on `host` as configured, or
 * null: beyond loopback, plain HTTP would carry every bearer token in clear text, so it needs TLS,
 * or a reverse proxy in front, or the operator's explicit --insecure-http.
 */
export function plainHttpRefusal(host: string, tls: boolean, insecureHttp: boolean, what = "the API"): string | null {
  if (tls || insecureHttp || isLoopback(host)) return null;
  return (
    `Refusing to serve ${what} on ${host} over plain HTTP: beyond loopback, tokens would cross the network in clear text. ` +
    "Serve HTTPS with --tls-cert <cert.pem> --tls-key <key.pem> (MINIMA_TLS_CERT, MINIMA_TLS_KEY); " +
    "or listen on 127.0.0.1 behind a reverse proxy that terminates TLS; " +
    "or, on a network you trust, pass --insecure-http (MINIMA_INSECURE_HTTP=1)."
  );
}

/** What the daemon says when --insecure-http lets it serve plain HTTP beyond loopback. */
export const insecureHttpWarning = (where: string) =>
  `--insecure-http: the API on ${where} is plain HTTP beyond loopback; tokens cross the network in clear text.`;
