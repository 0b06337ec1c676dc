import type http from "node:http";

/** Whether a request's Accept-Encoding takes gzip: named, with no q or a q above 0 (`gzip;q=0` refuses it). */
export function acceptsGzip(req: http.IncomingMessage): boolean {
  return String(req.headers["accept-encoding"] ?? "")
    .split(",")
    .some((coding) => {
      const [name = "", ...params] = coding.split(";").map((part) => part.trim().toLowerCase());
      const q = params.find((p) => p.startsWith("q="));
      return name === "gzip" && (q === undefined || Number(q.slice(2)) > 0);
    });
}

/** A Vary header's value with Accept-Encoding in it (once): the answer depends on what the browser takes. */
export function varyOnEncoding(vary: string | number | readonly string[] | undefined): string {
  const value = Array.isArray(vary) ? vary.join(", ") : String(vary ?? "");
  return /\baccept-encoding\b/i.test(value) ? value : value ? `${value}, Accept-Encoding` : "Accept-Encoding";
}
