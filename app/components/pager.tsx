import { Link } from "@remix-run/react";
import { useT } from "./i18n.tsx";

/** Previous / next links for a paged list; `query` is kept in the links. */
export function Pager({ page, pages, query }: { page: number; pages: number; query: Record<string, string | number> }) {
  const t = useT();
  if (pages <= 1) return null;
  const link = (p: number) => `?${new URLSearchParams(Object.fromEntries(Object.entries({ ...query, page: p }).map(([k, v]) => [k, String(v)])))}`;
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      {page > 1 ? <Link to={link(page - 1)}>{t("pager.previous")}</Link> : null}
      <span>{t("pager.pageOf", { page, pages })}</span>
      {page < pages ? <Link to={link(page + 1)}>{t("pager.next")}</Link> : null}
    </nav>
  );
}
