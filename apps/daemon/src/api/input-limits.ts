/** Keys that reach an object's prototype when assigned; no procedure has a field of these names. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export const INPUT_LIMITS = { depth: 32, keyLength: 200, arrayLength: 10_000 } as const;

/**
 * What is wrong with a raw (JSON-parsed) input before any schema sees it, or null. Walks with an
 * explicit stack, so a hostile nesting depth cannot overflow the daemon's own.
 */
export function inputProblem(raw: unknown): string | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: raw, path: "input", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
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
      stack.push({ value: (value as Record<string, unknown>)[key], path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}
