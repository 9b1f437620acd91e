import { Link } from "@remix-run/react";

/** Previous / next links for a paged list; `query` is kept in the links. */
export function Pager({ page, pages, query }: { page: number; pages: number; query: Record<string, string | number> }) {
  if (pages <= 1) return null;
  const link = (p: number) => `?${new URLSearchParams(Object.fromEntries(Object.entries({ ...query, page: p }).map(([k, v]) => [k, String(v)])))}`;
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? <Link to={link(page - 1)}>← Previous</Link> : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <Link to={link(page + 1)}>Next →</Link> : null}
    </nav>
  );
}
