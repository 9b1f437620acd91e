import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StatusBadge, statusLabel } from "#app/components/compliance.tsx";
import { Day, useT } from "#app/components/i18n.tsx";
import { Pager } from "#app/components/pager.tsx";
import { getRosterPage, STATUS_KINDS } from "#app/models/compliance.server.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { roleLabel, rolesForSector } from "#app/server/content.server.ts";
import { listSites } from "#app/models/employer.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

const PAGE_SIZE = 50;
const SORTS = ["name", "hire", "status", "deadline"] as const;
/** The sort choices in the order the menu lists them. */
const SORT_OPTIONS = ["status", "deadline", "name", "hire"] as const satisfies readonly (typeof SORTS)[number][];

const Query = z.object({
  q: z.string().trim().max(100).optional().default(""),
  site: z.string().max(64).optional().default(""),
  role: z.string().max(64).optional().default(""),
  status: z.enum(["", "former", ...STATUS_KINDS]).optional().default(""),
  sort: z.enum(SORTS).optional().default("status"),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});


export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const { lang, t } = await getT(request, "employer");
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw data(t("roster.invalidFilters"), { status: 400 });
  const query = parsed.data;
  const t0 = now();
  const { total, page, pages, entries } = getRosterPage(employer, query, PAGE_SIZE, t0);
  return {
    pageTitle: t("roster.metaTitle"),
    today: toIsoDate(t0),
    query: { ...query, page },
    total,
    pages,
    sites: listSites(employer.id).map((s) => ({ id: s.id, name: s.name })),
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: roleLabel(r.id, lang) })),
    statuses: STATUS_KINDS.map((k) => ({ id: k, label: statusLabel(k, t) })),
    rows: entries.map((e) => ({
      id: e.employment.id,
      name: e.employment.fullName,
      employeeId: e.employment.employeeId,
      role: roleLabel(e.employment.jobRole, lang),
      site: e.siteName,
      hireDate: e.employment.hireDate,
      joined: e.username !== null,
      terminationDate: e.terminationDate,
      status: e.status,
    })),
  };
}

export default function Roster() {
  const d = useLoaderData<typeof loader>();
  const q = d.query;
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer">{t("nav.dashboard")}</Link>
      </p>
      <h1>{t("roster.title")}</h1>
      <Form method="get" className="filters" role="search" aria-label={t("roster.filterLabel")}>
        <div className="field">
          <label htmlFor="f-q">{t("roster.search")}</label>
          <input id="f-q" type="search" name="q" defaultValue={q.q} placeholder={t("roster.searchPlaceholder")} />
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("roster.status")}</label>
          <select id="f-status" name="status" defaultValue={q.status}>
            <option value="">{t("roster.allCurrent")}</option>
            {d.statuses.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
            <option value="former">{t("roster.former")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-site">{t("roster.site")}</label>
          <select id="f-site" name="site" defaultValue={q.site}>
            <option value="">{t("roster.allSites")}</option>
            {d.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
            <option value="none">{t("roster.noSite")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-role">{t("roster.role")}</label>
          <select id="f-role" name="role" defaultValue={q.role}>
            <option value="">{t("roster.allRoles")}</option>
            {d.roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sort">{t("roster.sortBy")}</label>
          <select id="f-sort" name="sort" defaultValue={q.sort}>
            {SORT_OPTIONS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`roster.sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          {t("roster.show")}
        </button>
      </Form>
      <p role="status">
        {d.pages > 1 ? t("roster.totalPaged", { count: d.total, page: q.page, pages: d.pages }) : t("roster.total", { count: d.total })}
      </p>
      <TableWrap label={t("roster.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("roster.col.name")}</th>
              <th scope="col">{t("roster.col.employeeId")}</th>
              <th scope="col">{t("roster.col.role")}</th>
              <th scope="col">{t("roster.col.site")}</th>
              <th scope="col">{t("roster.col.hired")}</th>
              <th scope="col">{t("roster.col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/employer/workers/${r.id}`}>{r.name}</Link>
                  {r.joined ? null : <span className="meta"> {t("roster.notJoined")}</span>}
                  {!r.joined && r.employeeId && !r.terminationDate ? (
                    <span className="meta">
                      {" · "}
                      <a href={`/employer/workers/${r.id}/slip.pdf`} aria-label={t("roster.slipFor", { name: r.name })}>
                        {t("worker.claimSlip")}
                      </a>
                    </span>
                  ) : null}
                  {r.terminationDate ? <span className="meta"> {t("roster.left", { date: r.terminationDate })}</span> : null}
                </th>
                <td>{r.employeeId ?? ""}</td>
                <td>{r.role}</td>
                <td>{r.site ?? ""}</td>
                <td>
                  <Day iso={r.hireDate} />
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pager page={q.page} pages={d.pages} query={q} />
    </section>
  );
}
