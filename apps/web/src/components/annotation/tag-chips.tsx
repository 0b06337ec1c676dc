import { ListLink } from "../list-link.tsx";
import { NO_FILTERS, queueFiltersQuery } from "../../lib/queue-filters.ts";

/** Tags as chips, each a link to the queue filtered by it; nothing when there are none. */
export function TagChips({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tag-chips" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <ListLink className="tag-chip" href={`/?${queueFiltersQuery({ ...NO_FILTERS, tag })}`} data-tag={tag}>
            {tag}
          </ListLink>
        </li>
      ))}
    </ul>
  );
}
