import Link from "next/link";
import type { ComponentProps } from "react";

/**
 * A link in a table row or a list item. Next prefetches every `<Link>` that scrolls into view; in a
 * table of runs that is one request to the dashboard's server per row on screen (27 while the queue
 * first loaded), competing with the page's own data on a busy host. A row's page is fetched when
 * it is clicked instead; the header's few links keep Next's prefetching.
 */
export function ListLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
