import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { getContent, roleLabel, rolesForSector, ruleOverview } from "#app/server/content.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["public"] } satisfies MessagesHandle;

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
      {/* One block per law, not a table: citations are long and a phone has no room for columns. */}
      <ul className="law-list">
        {d.rules.map((r) => (
          <li key={r.id}>
            <h2>
              <Link to={`/laws/${r.id}`} lang="en">
                {r.title}
              </Link>
            </h2>
            <p className="meta" lang="en">
              {r.citation}
            </p>
            <dl className="facts">
              <dt>{t("laws.col.status")}</dt>
              <dd>{t(`laws.status.${r.status}`)}</dd>
              <dt>{t("laws.col.quoted")}</dt>
              <dd>{t(r.verified ? "laws.quotedAll" : "laws.quotedSome", { quoted: r.quoted, fields: r.fields })}</dd>
              <dt>{t("laws.col.course")}</dt>
              <dd>{r.covered === 0 ? "—" : r.meetsFor === r.covered ? t("laws.courseMeets") : r.meetsFor === 0 ? t("laws.courseNot") : t("laws.courseSome", { n: r.meetsFor, of: r.covered })}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
