import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart, TrendChart } from "#app/components/charts.tsx";
import { EmployerTable } from "#app/components/employer-table.tsx";
import { councilOverview, type Group } from "#app/models/council.server.ts";
import { requireCouncil } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Training in ${data?.jurisdiction ?? "your state"} · Council · Frontline Ready` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  return { jurisdiction: council.jurisdiction, ...councilOverview(council.jurisdiction, now()) };
}

const bars = (groups: Group[]) =>
  groups.map((g) => ({ label: g.label, rate: g.rate, covered: g.covered, compliant: g.compliant, note: `${g.employers} ${g.employers === 1 ? "employer" : "employers"}` }));
const fmt = (n: number) => n.toLocaleString("en-US");

export default function Council() {
  const d = useLoaderData<typeof loader>();
  const t = d.total;
  return (
    <>
      <section className="card">
        <h1>Training in {d.jurisdiction}</h1>
        <p className="big-figure">
          {t.rate === null ? "No covered workers yet." : `${t.rate}% of ${fmt(t.covered)} covered workers hold a valid completion.`}
        </p>
        <p>
          {fmt(t.employers)} {t.employers === 1 ? "employer" : "employers"}, {fmt(t.workers)} current workers, {fmt(d.overdue)} overdue. Counts only: these pages never show a worker's name.
        </p>
        <p className="meta">
          Downloads (CSV; cells describing fewer than 5 workers are withheld): <a href="/council/export/trend.csv">trend</a> ·{" "}
          <a href="/council/export/sectors.csv">sectors</a> · <a href="/council/export/counties.csv">counties</a> ·{" "}
          <a href="/council/export/size-bands.csv">size bands</a> · <a href="/council/export/employers.csv">employers</a>
        </p>
      </section>
      <section className="card">
        <TrendChart
          id="trend"
          title={`Training rate in ${d.jurisdiction}, last 24 months`}
          description="Share of covered current workers holding a valid completion at each month's end."
          points={d.trend.map((p) => ({ label: p.month, rate: p.rate, covered: p.covered, compliant: p.compliant }))}
        />
      </section>
      <section className="card">
        <BarChart id="sector" title="By sector" description="Training rate of covered workers by sector." labelHeader="Sector" rows={bars(d.bySector)} />
        <BarChart id="size" title="By employer size" description="Training rate by the employer's number of current workers." labelHeader="Employer size" rows={bars(d.bySize)} />
        <BarChart id="county" title="By county" description="Training rate of covered workers by county." labelHeader="County" rows={bars(d.byCounty)} />
      </section>
      <section className="card">
        <h2>Lowest training rates</h2>
        <p>
          The 20 lowest of {fmt(d.rankedCount)} employers with covered workers. <Link to="/council/employers">All employers, ranked</Link>
        </p>
        <EmployerTable rows={d.lowest} />
        <h2>No training activity at all</h2>
        <p>{fmt(d.inactiveCount)} employers have covered workers and not one completion.</p>
        {d.inactive.length > 0 ? <EmployerTable rows={d.inactive} /> : null}
        {d.inactiveCount > d.inactive.length ? (
          <p>
            <Link to="/council/employers?inactive=1">All {fmt(d.inactiveCount)}</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}

