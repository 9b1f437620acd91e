import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { getContent, roleLabel, rolesForSector, ruleOverview } from "#app/models/content.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** Public: every jurisdiction's rule, how much of it is quoted from the law, and whether our course meets it by itself. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { lang, t } = await getT(request, "public");
  const rules = [...getContent().policies.values()]
    .sort((a, b) => a.policy.jurisdiction.localeCompare(b.policy.jurisdiction) || a.policy.sector.localeCompare(b.policy.sector))
    .map((loaded) => {
      const o = ruleOverview(loaded, rolesForSector(loaded.policy.sector).map((r) => ({ id: r.id, label: roleLabel(r.id, lang) })), lang);
      return { ...o, jurisdiction: loaded.policy.jurisdiction, sector: loaded.policy.sector, status: loaded.policy.status, meetsFor: o.roles.filter((r) => r.meets).length, covered: o.roles.length };
    });
  return { pageTitle: t("laws.pageTitle"), rules };
}

export default function Laws() {
  const d = useLoaderData<typeof loader>();
  const t = useT("public");
  return (
    <section className="card wide">
      <h1>{t("laws.title")}</h1>
      <p>{t("laws.lead")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("laws.col.law")}</th>
              <th scope="col">{t("laws.col.status")}</th>
              <th scope="col">{t("laws.col.quoted")}</th>
              <th scope="col">{t("laws.col.course")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rules.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/laws/${r.id}`} lang="en">
                    {r.title}
                  </Link>
                  <br />
                  <span className="meta" lang="en">
                    {r.citation}
                  </span>
                </th>
                <td>{t(`laws.status.${r.status}`)}</td>
                <td>{t(r.verified ? "laws.quotedAll" : "laws.quotedSome", { quoted: r.quoted, fields: r.fields })}</td>
                <td>{r.covered === 0 ? "—" : r.meetsFor === r.covered ? t("laws.courseMeets") : r.meetsFor === 0 ? t("laws.courseNot") : t("laws.courseSome", { n: r.meetsFor, of: r.covered })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
