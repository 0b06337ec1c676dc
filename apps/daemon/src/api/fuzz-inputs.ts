import { randomUUID } from "node:crypto";

/**
 * The hostile inputs fuzz.test.ts sends: values hostile to any field, values aimed at a field's
 * type (text PostgreSQL cannot store, ids that look like UUIDs but are not, forged cursors, resume
 * ids beyond a JS number), and a few drawn from a seeded generator, so a failure can be replayed.
 */

export interface ZodLike {
  _zod: {
    def: {
      type: string;
      format?: string;
      checks?: ZodLike[];
      shape?: Record<string, ZodLike>;
      innerType?: ZodLike;
      in?: ZodLike;
      options?: ZodLike[];
      entries?: Record<string, string>;
    };
  };
}
export interface ProcedureLike {
  _def: { type: "query" | "mutation" | "subscription"; inputs: ZodLike[] };
}

export const ONE_MB = "x".repeat(1_000_000);

function nested(depth: number): unknown {
  let value: unknown = { leaf: "../../etc/passwd" };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Hostile whatever the field. */
export const HOSTILE: Record<string, unknown> = {
  null: null,
  true: true,
  zero: 0,
  "-1": -1,
  "1e308": 1e308,
  "-1e308": -1e308,
  "2^53+2": 2 ** 53 + 2,
  "NaN (null in JSON)": NaN,
  "empty string": "",
  "1 MB string": ONE_MB,
  "path traversal": "../../etc/passwd",
  "NUL byte": "a\u0000b",
  "SQL": "'; drop table users; --",
  "lone surrogate": "\ud800\u202e",
  array: ["../../etc/passwd", 1, null],
  object: { a: 1, toString: "x" },
  "nested 2,000 deep": nested(2000),
  "__proto__ key": JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
  "50,000-element array": Array.from({ length: 50_000 }, () => "../../etc/passwd"),
};

/** Hostile values whose parsing differs by transport (size, depth, escapes): sent over HTTP as well as WebSocket. */
const TRANSPORT_SENSITIVE = new Set(["1 MB string", "NUL byte", "lone surrogate", "nested 2,000 deep", "__proto__ key", "50,000-element array"]);

/** Strings in UUID form that are not UUIDs, and UUIDs in a form PostgreSQL reads but a route may not. */
export const NOT_UUIDS: Record<string, string> = {
  "36 dashes": "-".repeat(36),
  "g's in UUID form": "gggggggg-gggg-gggg-gggg-gggggggggggg",
  "36 zeros": "0".repeat(36),
  "UUID with a NUL": `${randomUUID()}\u0000`,
  "UUID with a trailing space": `${randomUUID()} `,
  "UUID in braces": `{${randomUUID()}}`,
  "UUID without dashes": randomUUID().replaceAll("-", ""),
  "upper-case UUID": randomUUID().toUpperCase(),
};

/** Resume ids (`lastEventId`) that are digits but no row id a JS number holds, and near misses. */
export const BAD_RESUME_IDS = ["9007199254740992", "9223372036854775808", "99999999999999999999999", "-1", "1e3", "0x10", " 1", "1.5", "٣"];

const cursorOf = (position: unknown[]) => Buffer.from(JSON.stringify(position)).toString("base64url");

/** Cursors that decode, but to a position no run has: each part broken in turn. */
export function forgedCursors(random: () => number): Record<string, string> {
  const id = randomUUID();
  const at = "2026-01-02 03:04:05.123456+00";
  const pick = (low: number, high: number) => String(low + Math.floor(random() * (high - low))).padStart(2, "0");
  const impossible = `20${pick(10, 99)}-${pick(13, 99)}-${pick(32, 99)} ${pick(24, 99)}:${pick(60, 99)}:${pick(60, 99)}+${pick(16, 99)}`;
  return {
    "impossible date": cursorOf(["2024-13-45 99:00:00+00", "a", id]),
    [`random impossible date ${impossible}`]: cursorOf([impossible, "a", id]),
    "30 February": cursorOf(["2025-02-30 00:00:00+00", "a", id]),
    "ISO date": cursorOf(["2026-01-02T03:04:05Z", "a", id]),
    "id of dashes": cursorOf([at, "a", "-".repeat(36)]),
    "id of g's": cursorOf([at, "a", "gggggggg-gggg-gggg-gggg-gggggggggggg"]),
    "NUL in the key": cursorOf([at, "a\u0000", id]),
    "lone surrogate in the key": cursorOf([at, "\udc00", id]),
    "1,400-character key": cursorOf([at, "k".repeat(1400), id]),
    "numbers": cursorOf([1, 2, 3]),
    "object": cursorOf({ createdAt: at } as unknown as unknown[]),
  };
}

/** Text PostgreSQL cannot store, around `valid`: NUL, or a surrogate without its other half. */
export function unstorableText(valid: string, random: () => number): Record<string, string> {
  const alphabet = ["a", "Z", "9", " ", "_", "-", ".", "é", "ß", "😀", "\n", "\u202e"];
  const word = () => Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  const bad = ["\u0000", "\ud800x", "x\udfff", "\udbff\ud800x"][Math.floor(random() * 4)]!;
  return {
    "NUL after a valid value": `${valid}\u0000`,
    "only a NUL": "\u0000",
    "lone high surrogate after a valid value": `${valid}\ud83d`,
    "lone low surrogate before a valid value": `\ude00${valid}`,
    [`seeded: ${JSON.stringify(bad)} among valid text`]: `${word()}${valid}${word()}${bad}${word()}`,
  };
}

/** A deterministic generator of numbers in [0, 1) (mulberry32): the same seed gives the same cases. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether a string schema wants a UUID: `z.uuid()` says so in its format, `z.string().uuid()` in a check. */
export function isUuid(schema: ZodLike): boolean {
  const def = unwrap(schema)._zod.def;
  return def.format === "uuid" || (def.checks ?? []).some((check) => check._zod.def.format === "uuid");
}

export function unwrap(schema: ZodLike): ZodLike {
  const def = schema._zod.def;
  if ((def.type === "default" || def.type === "optional" || def.type === "nullable" || def.type === "prefault") && def.innerType) return unwrap(def.innerType);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  return schema;
}

/**
 * A value of the field's type that names nothing stored: a call with it alone can change nothing.
 * An optional field is left out, so that no made-up value (a cursor, a resume id) is refused
 * before the hostile one beside it reaches the procedure.
 */
function harmless(field: string, schema: ZodLike, presets: readonly string[]): unknown {
  if (["optional", "default", "prefault"].includes(schema._zod.def.type)) return undefined;
  const def = unwrap(schema)._zod.def;
  // A real preset lets a query's options reach the preset's own checks; a mutation gets none.
  if (def.type === "string") return isUuid(schema) ? randomUUID() : field === "preset" ? (presets[0] ?? "fuzz-nobody") : "fuzz-nobody";
  if (def.type === "number") return 1;
  if (def.type === "boolean") return false;
  if (def.type === "enum") return Object.values(def.entries ?? {})[0];
  if (def.type === "record" || def.type === "object") return {};
  if (def.type === "union") return harmless(field, def.options![0]!, presets);
  return undefined;
}

/** Values aimed at one field: by its name (cursor, lastEventId), its format (uuid) and its type (text). */
function aimedAt(field: string, schema: ZodLike, base: unknown, random: () => number): Record<string, unknown> {
  const text = typeof base === "string" ? base : unwrap(schema)._zod.def.type === "string" ? "fuzz-nobody" : null;
  return {
    ...(field === "cursor" ? forgedCursors(random) : {}),
    ...(field === "lastEventId" ? Object.fromEntries(BAD_RESUME_IDS.map((id) => [`resume id ${JSON.stringify(id)}`, id])) : {}),
    ...(isUuid(schema) ? NOT_UUIDS : {}),
    ...(text === null ? {} : unstorableText(text, random)),
  };
}

export interface HostileCase {
  label: string;
  input: unknown;
  /** Worth sending over HTTP too: a value aimed at the field, or one whose parsing differs by transport. */
  overHttp: boolean;
}

/**
 * Inputs for one procedure: the whole input hostile, then each field hostile (and each value aimed
 * at it) beside harmless others, then hostile keys of its record fields.
 */
export function* hostileInputs(procedure: ProcedureLike, presets: readonly string[], optionNames: readonly string[], random: () => number): Generator<HostileCase> {
  for (const [name, value] of Object.entries(HOSTILE)) yield { label: `input = ${name}`, input: value, overHttp: TRANSPORT_SENSITIVE.has(name) };
  const input = procedure._def.inputs[0];
  const shape = input ? unwrap(input)._zod.def.shape : undefined;
  if (!shape) return;
  const known = procedure._def.type === "mutation" ? [] : presets;
  const base = Object.fromEntries(Object.entries(shape).map(([field, s]) => [field, harmless(field, s, known)]));
  for (const [field, fieldSchema] of Object.entries(shape)) {
    for (const [name, value] of Object.entries(HOSTILE)) yield { label: `${field} = ${name}`, input: { ...base, [field]: value }, overHttp: false };
    for (const [name, value] of Object.entries(aimedAt(field, fieldSchema, base[field], random))) yield { label: `${field} = ${name}`, input: { ...base, [field]: value }, overHttp: true };
    if (unwrap(fieldSchema)._zod.def.type === "record") {
      for (const key of ["../../etc/passwd", "__proto__", ONE_MB.slice(0, 5000), ...optionNames.slice(0, 3)]) {
        for (const [name, value] of Object.entries(HOSTILE)) yield { label: `${field}[${JSON.stringify(key.slice(0, 20))}] = ${name}`, input: { ...base, [field]: { [key]: value } }, overHttp: false };
      }
      for (const [name, key] of Object.entries(unstorableText(optionNames[0] ?? "seed", random))) yield { label: `${field} key: ${name}`, input: { ...base, [field]: { [key]: 1 } }, overHttp: true };
    }
  }
}
