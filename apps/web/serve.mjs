#!/usr/bin/env node
// The dashboard's production server as `npm start` runs it: Next's request handler on a plain
// HTTP server, which stops on SIGINT/SIGTERM and when the process that started it is gone (so
// a killed `npm start` leaves no dashboard holding its port).
// Usage: node serve.mjs --host HOST --port PORT
import next from "next";
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { host: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "3000" } } });
const port = Number(values.port);
const app = next({ dev: false, dir: import.meta.dirname, hostname: values.host, port });
await app.prepare();
const handle = app.getRequestHandler();
const server = http.createServer((req, res) => void handle(req, res));

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
// MINIMA_PARENT_PID: the `npm start` that started it, which may be gone before this line runs.
const parent = Number(process.env.MINIMA_PARENT_PID ?? process.ppid);
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();

server.once("error", (error) => {
  console.error(error.code === "EADDRINUSE" ? `Port ${port} on ${values.host} is in use; set MINIMA_WEB_PORT to a free port.` : `The dashboard could not listen: ${error.message}`);
  process.exit(1);
});
server.listen(port, values.host, () => console.log(`dashboard listening on http://${values.host}:${port}`));
