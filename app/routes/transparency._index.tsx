import type { LoaderFunctionArgs, MetaFunction, LinksFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart, chartLinks } from "#app/components/charts.tsx";
import { countyName, sectorLabel, stateName } from "#app/components/council-labels.ts";
import { Rich, useT } from "#app/components/i18n.tsx";
import { SUPPRESS_BELOW, SUPPRESS_BELOW_EMPLOYERS } from "#app/domain/aggregates.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { transparencyRows } from "#app/models/council.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const links: LinksFunction = () => chartLinks;

export const handle = { messages: ["public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Frontline Ready" },
  ...(data?.pageDescription ? [{ name: "description", content: data.pageDescription }] : []),
];

/** Public, no sign-in: rates per jurisdiction by sector and county; cells under 5 workers or 3 employers withheld (isSuppressed). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request, "public");
  const rows = transparencyRows();
  const jurisdictions = [...new Set(rows.map((r) => r.jurisdiction))];
  return {
    pageTitle: t("transparency.pageTitle"),
    pageDescription: t("transparency.pageDescription"),
    threshold: SUPPRESS_BELOW,
    employerThreshold: SUPPRESS_BELOW_EMPLOYERS,
    jurisdictions: jurisdictions.map((j) => ({
      id: j,
      sectors: rows.filter((r) => r.jurisdiction === j && r.kind === "sector"),
      counties: rows.filter((r) => r.jurisdiction === j && r.kind === "county"),
    })),
  };
}

export function headers() {
  // The page is in the visitor's language (Accept-Language, or the choice in the cookie).
  return { "Cache-Control": "public, max-age=300", Vary: "Accept-Language, Cookie" };
}

type Row = { label: string | null; covered: number | null; compliant: number | null; rate: number | null; suppressed: boolean };

const toBars = (rows: Row[], name: (label: string | null) => string) =>
  rows.map((r) => ({ label: name(r.label), rate: r.rate, covered: r.covered, compliant: r.compliant, suppressed: r.suppressed }));

export default function Transparency() {
  const d = useLoaderData<typeof loader>();
  const t = useT("public");
  return (
    <>
      <section className="card">
        <h1>{t("transparency.title")}</h1>
        <p>{t("transparency.intro", { threshold: d.threshold, employerThreshold: d.employerThreshold })}</p>
        <p>
          <Rich
            text={t("transparency.data")}
            tags={{ csv: (s) => <a href="/transparency.csv">{s}</a>, json: (s) => <a href="/transparency.json">{s}</a> }}
          />
        </p>
      </section>
      {d.jurisdictions.length === 0 ? <p>{t("transparency.noData")}</p> : null}
      {d.jurisdictions.map((j) => (
        <section className="card" key={j.id}>
          <h2>{stateName(t, j.id)}</h2>
          <BarChart
            id={`${j.id}-sector`}
            title={t("transparency.bySector", { jurisdiction: stateName(t, j.id) })}
            description={t("transparency.bySectorDescription", { jurisdiction: stateName(t, j.id) })}
            labelHeader={t("transparency.sector")}
            rows={toBars(j.sectors, (sector) => sectorLabel(t, sector ?? ""))}
          />
          <BarChart
            id={`${j.id}-county`}
            title={t("transparency.byCounty", { jurisdiction: stateName(t, j.id) })}
            description={t("transparency.byCountyDescription", { jurisdiction: stateName(t, j.id) })}
            labelHeader={t("transparency.county")}
            rows={toBars(j.counties, (county) => countyName(t, county))}
          />
        </section>
      ))}
    </>
  );
}
