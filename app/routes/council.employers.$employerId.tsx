import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { trainingRates } from "#app/models/council.server.ts";
import { requireCouncil } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? "Employer"} · Council · Frontline Ready` }];

/** One employer's counts; an employer outside the auditor's jurisdiction does not exist for them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  const [row] = params.employerId ? trainingRates(council.jurisdiction, now(), params.employerId) : [];
  if (!row) throw data("No employer with that id in your jurisdiction.", { status: 404 });
  return { ...row, jurisdiction: council.jurisdiction };
}

export default function CouncilEmployer() {
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <p>
        <Link to="/council">← All employers in {d.jurisdiction}</Link>
      </p>
      <h1>{d.name}</h1>
      <dl className="facts">
        <dt>Sector</dt>
        <dd>{d.sector}</dd>
        <dt>County</dt>
        <dd>{d.county ?? "not recorded"}</dd>
        <dt>Current workers</dt>
        <dd>{d.workers}</dd>
        <dt>With a valid certificate</dt>
        <dd>{d.trained}</dd>
      </dl>
    </section>
  );
}
