#!/usr/bin/env node
// The dashboard's production server (`npm start` runs it): Next's pages and the daemon's /trpc and
// /artifacts/ on one origin, over HTTPS with --tls-cert/--tls-key. The code is TypeScript in
// server/, loaded through tsx like the daemon's CLI.
// Usage: node serve.mjs [--host HOST] [--port PORT] [--tls-cert FILE --tls-key FILE] [--insecure-http]
import { tsImport } from "tsx/esm/api";

const { serve } = await tsImport("./server/serve.ts", import.meta.url);
await serve(import.meta.dirname, process.argv.slice(2), process.env);
