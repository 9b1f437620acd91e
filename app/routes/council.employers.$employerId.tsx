import type { LoaderFunctionArgs, MetaFunction, LinksFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TrendChart, chartLinks } from "#app/components/charts.tsx";
import { sectorLabel, sizeBandName, stateName } from "#app/components/council-labels.ts";
import { useLang, useT } from "#app/components/i18n.tsx";
import { formatNumber, formatPercent } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { councilEmployer, shownEmployerPage } from "#app/models/council.server.ts";
import { requireCouncil } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const links: LinksFunction = () => chartLinks;

export const handle = { messages: ["council", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** One employer's counts and trend; an employer outside the auditor's jurisdiction does not exist for them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  const { t } = await getT(request, "council");
  const row = params.employerId && params.employerId.length <= 64 ? councilEmployer(council.jurisdiction, params.employerId, now()) : undefined;
  if (!row) throw data(t("employer.notFound"), { status: 404 });
  // Fewer than 5 covered workers: counts withheld, as in the CSV export (one rule: isSuppressed).
  return { ...shownEmployerPage(row), councilJurisdiction: council.jurisdiction, pageTitle: t("employer.pageTitle", { name: row.name }) };
}

export default function CouncilEmployer() {
  const d = useLoaderData<typeof loader>();
  const t = useT("council");
  const lang = useLang();
  return (
    <>
      <section className="card">
        <p>
          <Link to="/council">{t("back", { jurisdiction: stateName(t, d.councilJurisdiction) })}</Link>
        </p>
        <h1>{d.name}</h1>
        <dl className="facts">
          <dt>{t("employer.sector")}</dt>
          <dd>{sectorLabel(t, d.sector)}</dd>
          <dt>{t("employer.county")}</dt>
          <dd>{d.county ?? t("employer.countyNotRecorded")}</dd>
          <dt>{t("employer.size")}</dt>
          <dd>{sizeBandName(t, d.sizeBand)}</dd>
          <dt>{t("employer.workers")}</dt>
          <dd>{formatNumber(d.workers, lang)}</dd>
          <dt>{t("employer.covered")}</dt>
          <dd>{formatNumber(d.covered, lang)}</dd>
          <dt>{t("employer.compliant")}</dt>
          <dd>
            {formatNumber(d.compliant, lang)} {d.rate === null ? "" : `(${formatPercent(d.rate, lang)})`}
          </dd>
          <dt>{t("employer.due")}</dt>
          <dd>{formatNumber(d.due, lang)}</dd>
          <dt>{t("employer.overdue")}</dt>
          <dd>{formatNumber(d.overdue, lang)}</dd>
          <dt>{t("employer.lapsed")}</dt>
          <dd>{formatNumber(d.expired, lang)}</dd>
        </dl>
        {d.suppressed ? <p>{t("employer.suppressed")}</p> : null}
        <p className="meta">{t("employer.countsOnly")}</p>
      </section>
      <section className="card">
        <TrendChart
          id="employer-trend"
          title={t("employer.trendTitle", { name: d.name })}
          description={t("employer.trendDescription")}
          points={d.trend.map((p) => ({ label: p.month, rate: p.rate, covered: p.covered, compliant: p.compliant, suppressed: p.suppressed }))}
        />
        <p className="meta">{t("trendNote")}</p>
      </section>
    </>
  );
}
