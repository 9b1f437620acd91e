import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { employerRows, rankEmployers, shownEmployer } from "#app/models/council.server.ts";
import { requireCouncil } from "#app/server/auth.server.ts";
import { EmployerTable } from "#app/components/employer-table.tsx";
import { useLang, useT } from "#app/components/i18n.tsx";
import { Pager } from "#app/components/pager.tsx";
import { paginate } from "#app/domain/paging.ts";
import { formatNumber } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { stateName } from "#app/components/council-labels.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["council", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

const Query = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
  inactive: z.enum(["", "1"]).optional().default(""),
  q: z.string().trim().max(100).optional().default(""),
});
const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  const { t } = await getT(request, "council");
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw data(t("employers.badFilters"), { status: 400 });
  const q = parsed.data;
  const needle = q.q.toLowerCase();
  const rows = rankEmployers(employerRows(council.jurisdiction)).filter((r) => (!q.inactive || r.trained === 0) && (!needle || r.name.toLowerCase().includes(needle)));
  const { page, pages, total, rows: pageRows } = paginate(rows, q.page, PAGE);
  return { pageTitle: t("employers.pageTitle"), jurisdiction: council.jurisdiction, query: { ...q, page }, total, pages, rows: pageRows.map(shownEmployer) };
}

export default function RankedEmployers() {
  const d = useLoaderData<typeof loader>();
  const t = useT("council");
  const lang = useLang();
  const total = formatNumber(d.total, lang);
  return (
    <section className="card">
      <p>
        <Link to="/council">{t("back", { jurisdiction: stateName(t, d.jurisdiction) })}</Link>
      </p>
      <h1>{d.query.inactive ? t("employers.titleInactive") : t("employers.title")}</h1>
      <form method="get" className="filters" role="search" aria-label={t("employers.searchLabel")}>
        <div className="field">
          <label htmlFor="f-q">{t("employers.nameLabel")}</label>
          <input id="f-q" type="search" name="q" defaultValue={d.query.q} />
        </div>
        <input type="hidden" name="inactive" value={d.query.inactive} />
        <button type="submit" className="primary">
          {t("employers.find")}
        </button>
      </form>
      <p role="status">
        {d.pages > 1
          ? t("employers.countPaged", { count: d.total, page: d.query.page, pages: d.pages })
          : t("employers.count", { count: d.total })}
      </p>
      <EmployerTable rows={d.rows} label={d.query.inactive ? t("employers.titleInactive") : t("employers.title")} />
      <Pager page={d.query.page} pages={d.pages} query={d.query} />
    </section>
  );
}
