#!/usr/bin/env node
// A supervisor's readiness probe of `npm start`/`bootstrap.mjs serve` on this host (a container's
// HEALTHCHECK): exit 0 when the dashboard's /readyz answers 200 — it asks the daemon's in turn —
// else 1 with the reason. Reads the same MINIMA_WEB_PORT and MINIMA_TLS_CERT as the service; over
// HTTPS it trusts that certificate itself (it asks over loopback, whatever names it carries).
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";

const port = Number(process.env.MINIMA_WEB_PORT || 3000);
const cert = process.env.MINIMA_TLS_CERT;
const request = cert
  ? https.get({ host: "127.0.0.1", port, path: "/readyz", ca: readFileSync(cert), checkServerIdentity: () => undefined, timeout: 4000 })
  : http.get({ host: "127.0.0.1", port, path: "/readyz", timeout: 4000 });
request.on("response", (response) => {
  let body = "";
  response.setEncoding("utf8");
  response.on("data", (chunk) => (body += chunk));
  response.on("end", () => {
    if (response.statusCode === 200) process.exit(0);
    console.error(`not ready (${response.statusCode}): ${body.slice(0, 500)}`);
    process.exit(1);
  });
});
request.on("timeout", () => request.destroy(new Error("no answer within 4 s")));
request.on("error", (error) => {
  console.error(`minima is not answering on port ${port}: ${error.message}`);
  process.exit(1);
});
