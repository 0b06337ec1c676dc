/**
 * What a user may write on an experiment or a run besides its plan: a name, notes and tags. The
 * limits live here once; the daemon validates with them, the database checks them, the dashboard
 * sizes its editor by them.
 */
export const ANNOTATION_LIMITS = { name: 120, notes: 10_000, tags: 20, tag: 40 } as const;

/** A tag is a short lowercase slug: letters, digits, single dashes between them ("figure-1"). */
export const TAG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What an annotation holds; a name of null means "no name of its own" (the title is shown). */
export interface Annotation {
  name: string | null;
  notes: string;
  tags: string[];
}

/** A tag as typed, the way it is stored: trimmed and lowercased ("Figure-1 " → "figure-1"). */
export const normalizeTag = (tag: string): string => tag.trim().toLowerCase();

/**
 * Why a tag cannot be stored, or null when it can (after `normalizeTag`). The message says what
 * is accepted, so a user can fix the tag.
 */
export function tagProblem(tag: string): string | null {
  if (tag.length === 0) return "A tag cannot be empty.";
  if (tag.length > ANNOTATION_LIMITS.tag) return `The tag "${tag.slice(0, 20)}…" has ${tag.length} characters; a tag has at most ${ANNOTATION_LIMITS.tag}.`;
  if (!TAG_PATTERN.test(tag)) return `The tag "${tag}" is not a slug: use lowercase letters, digits and single dashes between them, e.g. "figure-1".`;
  return null;
}

/** Why a list of tags cannot be stored (too many, or the first bad tag), or null when it can. */
export function tagsProblem(tags: readonly string[]): string | null {
  if (tags.length > ANNOTATION_LIMITS.tags) return `At most ${ANNOTATION_LIMITS.tags} tags; drop ${tags.length - ANNOTATION_LIMITS.tags}.`;
  return tags.map(tagProblem).find((problem) => problem !== null) ?? null;
}

/** Tags as a user types them in one box (commas or spaces between), normalized, each once, in order. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map(normalizeTag).filter((tag) => tag.length > 0))];
}
