import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TrendChart } from "#app/components/charts.tsx";
import { councilEmployer } from "#app/models/council.server.ts";
import { requireCouncil } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? "Employer"} · Council · Frontline Ready` }];

/** One employer's counts and trend; an employer outside the auditor's jurisdiction does not exist for them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  const row = params.employerId && params.employerId.length <= 64 ? councilEmployer(council.jurisdiction, params.employerId, now()) : undefined;
  if (!row) throw data("No employer with that id in your jurisdiction.", { status: 404 });
  return { ...row, councilJurisdiction: council.jurisdiction };
}

export default function CouncilEmployer() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <p>
          <Link to="/council">← Training in {d.councilJurisdiction}</Link>
        </p>
        <h1>{d.name}</h1>
        <dl className="facts">
          <dt>Sector</dt>
          <dd>{d.sector}</dd>
          <dt>County</dt>
          <dd>{d.county ?? "not recorded"}</dd>
          <dt>Size</dt>
          <dd>{d.sizeBand}</dd>
          <dt>Current workers</dt>
          <dd>{d.workers}</dd>
          <dt>Covered by the rule</dt>
          <dd>{d.covered}</dd>
          <dt>Holding a valid completion</dt>
          <dd>
            {d.compliant} {d.rate === null ? "" : `(${d.rate}%)`}
          </dd>
          <dt>Due</dt>
          <dd>{d.due}</dd>
          <dt>Overdue</dt>
          <dd>{d.overdue}</dd>
          <dt>Lapsed</dt>
          <dd>{d.expired}</dd>
        </dl>
        <p className="meta">Counts only: this page never shows a worker's name.</p>
      </section>
      <section className="card">
        <TrendChart
          id="employer-trend"
          title={`${d.name}: training rate, last 24 months`}
          description="Share of this employer's covered workers holding a valid completion at each month's end."
          points={d.trend.map((p) => ({ label: p.month, rate: p.rate, covered: p.covered, compliant: p.compliant }))}
        />
      </section>
    </>
  );
}
