import type http from "node:http";

/**
 * Headers on every answer of the daemon. It serves JSON and downloads, never a page: nothing may
 * run, be framed or be sniffed into HTML, no Referer leaks a URL, and no cache keeps an answer
 * meant for one token's holder. Routes that may be cached (none yet) override Cache-Control.
 */
export function setSecurityHeaders(res: http.ServerResponse, https: boolean): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  res.setHeader("X-Frame-Options", "DENY");
  if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000");
}
