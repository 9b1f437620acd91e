import type { LoaderFunctionArgs, MetaFunction, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart, TrendChart, chartLinks } from "#app/components/charts.tsx";
import { countyName, sectorLabel, sizeBandName, stateName } from "#app/components/council-labels.ts";
import { EmployerTable } from "#app/components/employer-table.tsx";
import { Rich, useLang, useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { formatNumber, formatPercent } from "#app/i18n/format.ts";
import type { TFunction } from "#app/i18n/translate.ts";
import { councilOverview, shownOverview, type ShownGroup } from "#app/models/council.server.ts";
import { requireCouncil } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const links: LinksFunction = () => chartLinks;

export const handle = { messages: ["council", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  const { t } = await getT(request, "council");
  return {
    pageTitle: t("overview.pageTitle", { jurisdiction: stateName(t, council.jurisdiction) }),
    jurisdiction: council.jurisdiction,
    // Small cells withheld here as in the CSV exports and the public pages (one rule: isSuppressed).
    ...shownOverview(councilOverview(council.jurisdiction, now())),
  };
}

const bars = <K extends string | null>(groups: ShownGroup<K>[], name: (key: K) => string, t: TFunction) =>
  groups.map((g) => ({
    label: name(g.key),
    rate: g.rate,
    covered: g.covered,
    compliant: g.compliant,
    suppressed: g.suppressed,
    note: t("overview.employersNote", { count: g.employers }),
  }));

export default function Council() {
  const d = useLoaderData<typeof loader>();
  const t = useT("council");
  const lang = useLang();
  const total = d.total;
  return (
    <>
      <section className="card">
        <h1>{t("overview.title", { jurisdiction: stateName(t, d.jurisdiction) })}</h1>
        <p className="big-figure">
          {total.suppressed
            ? t("overview.suppressed")
            : total.rate === null
              ? t("overview.noCovered")
              : t("overview.rateOfCovered", { rate: formatPercent(total.rate, lang), count: total.covered ?? 0 })}
        </p>
        <p>
          {t("overview.summary", {
            employers: formatNumber(total.employers, lang),
            workers: formatNumber(total.workers, lang),
            overdue: formatNumber(d.overdue, lang),
          })}
        </p>
        <p className="meta">
          <Rich
            text={t("overview.downloads")}
            tags={{
              trend: (s) => <a href="/council/export/trend.csv">{s}</a>,
              sectors: (s) => <a href="/council/export/sectors.csv">{s}</a>,
              counties: (s) => <a href="/council/export/counties.csv">{s}</a>,
              sizes: (s) => <a href="/council/export/size-bands.csv">{s}</a>,
              employers: (s) => <a href="/council/export/employers.csv">{s}</a>,
            }}
          />
        </p>
      </section>
      <section className="card">
        <TrendChart
          id="trend"
          title={t("overview.trendTitle", { jurisdiction: stateName(t, d.jurisdiction) })}
          description={t("overview.trendDescription")}
          points={d.trend.map((p) => ({ label: p.month, rate: p.rate, covered: p.covered, compliant: p.compliant, suppressed: p.suppressed }))}
        />
        <p className="meta">{t("trendNote")}</p>
      </section>
      <section className="card">
        <BarChart
          id="sector"
          title={t("overview.bySector.title")}
          description={t("overview.bySector.description")}
          labelHeader={t("overview.bySector.header")}
          rows={bars(d.bySector, (k) => sectorLabel(t, k), t)}
        />
        <BarChart
          id="size"
          title={t("overview.bySize.title")}
          description={t("overview.bySize.description")}
          labelHeader={t("overview.bySize.header")}
          rows={bars(d.bySize, (k) => sizeBandName(t, k), t)}
        />
        <BarChart
          id="county"
          title={t("overview.byCounty.title")}
          description={t("overview.byCounty.description")}
          labelHeader={t("overview.byCounty.header")}
          rows={bars(d.byCounty, (k) => countyName(t, k), t)}
        />
      </section>
      <section className="card">
        <h2>{t("overview.lowestTitle")}</h2>
        <p>
          <Rich
            text={t(d.rankedCount > d.lowest.length || d.rankedCount <= 1 ? "overview.lowestText" : "overview.lowestTextAll", { count: d.rankedCount })}
            tags={{ link: (s) => <Link to="/council/employers">{s}</Link> }}
          />
        </p>
        <EmployerTable rows={d.lowest} label={t("overview.lowestTitle")} />
        <h2>{t("overview.inactiveTitle")}</h2>
        <p>{t("overview.inactiveText", { count: d.inactiveCount })}</p>
        {d.inactive.length > 0 ? <EmployerTable rows={d.inactive} label={t("overview.inactiveTitle")} /> : null}
        {d.inactiveCount > d.inactive.length ? (
          <p>
            <Link to="/council/employers?inactive=1">{t("overview.allInactive", { count: d.inactiveCount })}</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
