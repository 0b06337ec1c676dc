import { ZodError, type z } from "zod";

type Issue = z.core.$ZodIssue;

/** One line per problem, "field: what was wrong", instead of zod's JSON dump of its issues. */
export function describeInputError(error: ZodError): string {
  const lines = error.issues.flatMap((issue) => describe(issue, []));
  return `Invalid input — ${[...new Set(lines)].slice(0, 5).join("; ")}${lines.length > 5 ? `; and ${lines.length - 5} more` : ""}.`;
}

function describe(issue: Issue, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    // The branch whose type matched says the most; a type mismatch in every branch says "one of".
    const branches = issue.errors.map((branch) => branch.flatMap((inner) => describe(inner, path)));
    const typed = issue.errors.findIndex((branch) => branch.every((inner) => inner.code !== "invalid_type"));
    if (typed >= 0) return branches[typed]!;
    return [`${where(path)}${issue.errors.map((branch) => branch.map((inner) => inner.message).join(", ")).join(" or ")}`];
  }
  return [`${where(path)}${issue.message}`];
}

function where(path: PropertyKey[]): string {
  return path.length === 0 ? "" : `${path.map((p) => String(p).slice(0, 40)).join(".")}: `;
}

export function isInputError(cause: unknown): cause is ZodError {
  return cause instanceof ZodError;
}
