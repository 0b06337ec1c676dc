import { ANNOTATION_LIMITS } from "@minima/metrics";
import { check, index, text, type AnyPgColumn } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/**
 * The columns a user annotates an experiment or a run with (a fresh set per table): a name of
 * their own (null: the title is shown), plain-text notes and tags.
 */
export function annotationColumns() {
  return {
    name: text("name"),
    notes: text("notes").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
  };
}

/**
 * The limits of ANNOTATION_LIMITS as a last line behind the API's validation (which also checks
 * each tag's shape, and says what to fix); the GIN index serves the tag filter (`tags @> …`).
 */
export function annotationConstraints(table: string, t: { name: AnyPgColumn; notes: AnyPgColumn; tags: AnyPgColumn }) {
  // Inlined numbers: a check constraint cannot take parameters.
  const { name, notes, tags } = ANNOTATION_LIMITS;
  return [
    check(`${table}_name_length`, sql`char_length(${t.name}) between 1 and ${sql.raw(String(name))}`),
    check(`${table}_notes_length`, sql`char_length(${t.notes}) <= ${sql.raw(String(notes))}`),
    check(`${table}_tags_count`, sql`cardinality(${t.tags}) <= ${sql.raw(String(tags))}`),
    index(`${table}_tags_idx`).using("gin", t.tags),
  ];
}
