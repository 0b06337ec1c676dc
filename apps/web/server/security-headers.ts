/**
 * The Content-Security-Policy the dashboard's pages work under. Next's App Router streams its
 * bootstrap as inline <script>s, hence 'unsafe-inline' for scripts (nonces would need every page
 * rendered with one); uPlot and React set inline styles; figures are drawn to data: and blob:
 * URLs. Everything else, the tRPC WebSocket included ('self' covers ws:/wss: to this host),
 * stays on the dashboard's own origin. Next's development server (`serve.mjs --dev`) also needs
 * 'unsafe-eval': React's development build rebuilds server stacks with eval.
 */
const contentSecurityPolicy = (dev: boolean) =>
  [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

/**
 * Headers on every answer of the dashboard's server (pages, assets, and what it forwards from the
 * daemon): a page on a shared server must not be framed, sniffed, leak its URLs in a Referer, or
 * share a window with another site; under TLS, browsers are told to come back over HTTPS only.
 */
export function securityHeaders(https: boolean, dev = false): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(dev),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
