/** Keys that reach an object's prototype when assigned; no procedure has a field of these names. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export const INPUT_LIMITS = { depth: 32, keyLength: 200, arrayLength: 10_000 } as const;

// PostgreSQL's text cannot hold U+0000, and UTF-8 (so JSON, jsonb and text) cannot encode a
// surrogate that is not half of a pair: either fails inside a query as an internal error.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored in PostgreSQL, or null when it can. */
export function textProblem(text: string): string | null {
  const nul = text.indexOf("\u0000");
  if (nul >= 0) return `contains a NUL character (U+0000) at position ${nul}; text cannot hold one: remove it`;
  const lone = LONE_SURROGATE.exec(text);
  if (!lone) return null;
  return `contains a lone UTF-16 surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}) at position ${lone.index}; send well-formed Unicode text`;
}

/**
 * What is wrong with a raw (JSON-parsed) input before any schema sees it, or null. Walks with an
 * explicit stack, so a hostile nesting depth cannot overflow the daemon's own.
 */
export function inputProblem(raw: unknown): string | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: raw, path: "input", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) return `${path} ${problem}.`;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= INPUT_LIMITS.depth) return `${path} is nested deeper than ${INPUT_LIMITS.depth} levels; no input of this API is.`;
    if (Array.isArray(value)) {
      if (value.length > INPUT_LIMITS.arrayLength) return `${path} has ${value.length} elements; at most ${INPUT_LIMITS.arrayLength} are accepted.`;
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (PROTOTYPE_KEYS.has(key)) return `${path} has a key "${key}"; keys __proto__, constructor and prototype are not accepted.`;
      if (key.length > INPUT_LIMITS.keyLength) return `${path} has a key of ${key.length} characters; at most ${INPUT_LIMITS.keyLength} are accepted.`;
      const problem = textProblem(key);
      if (problem) return `${path} has a key that ${problem}.`;
      stack.push({ value: (value as Record<string, unknown>)[key], path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}
