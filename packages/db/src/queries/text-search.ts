import { ilike, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/** `like` with the user's text taken literally. */
export const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Case-insensitive: `column` contains `text`. */
export const containsText = (column: AnyPgColumn | SQL, text: string): SQL => ilike(column, `%${literal(text)}%`);

interface Annotated {
  name: AnyPgColumn;
  notes: AnyPgColumn;
  tags: AnyPgColumn;
}

/** An experiment's or a run's name, notes or one of its tags contains `text` (case-insensitive). */
export function annotationContains(table: Annotated, text: string): SQL {
  return or(containsText(table.name, text), containsText(table.notes, text), containsText(sql`array_to_string(${table.tags}, ' ')`, text))!;
}

/** It carries `tag` (exactly; tags are stored lowercase). Uses the tags' GIN index. */
export const taggedWith = (table: Annotated, tag: string): SQL => sql`${table.tags} @> array[${tag.trim().toLowerCase()}]::text[]`;
