import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { trainingRates } from "#app/models/council.server.ts";
import { requireCouncil } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";

export const meta: MetaFunction = () => [{ title: "Council · Frontline Ready" }];

const pct = (part: number, whole: number) => (whole === 0 ? "–" : `${Math.round((100 * part) / whole)}%`);

export async function loader({ request }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  const rates = trainingRates(council.jurisdiction, now());
  const workers = rates.reduce((n, r) => n + r.workers, 0);
  const trained = rates.reduce((n, r) => n + r.trained, 0);
  return {
    jurisdiction: council.jurisdiction,
    total: { employers: rates.length, workers, trained, rate: pct(trained, workers) },
    employers: rates.map((r) => ({ ...r, rate: pct(r.trained, r.workers) })),
  };
}

export default function Council() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <h1>Training in {d.jurisdiction}</h1>
        <p>
          {d.total.trained} of {d.total.workers} current workers at {d.total.employers} employers hold a valid certificate ({d.total.rate}).
        </p>
        <p className="meta">Counts only: this view never shows workers' names.</p>
      </section>
      <section className="card">
        <h2>By employer</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Employer</th>
                <th scope="col">Sector</th>
                <th scope="col">County</th>
                <th scope="col">Current workers</th>
                <th scope="col">Trained</th>
                <th scope="col">Rate</th>
              </tr>
            </thead>
            <tbody>
              {d.employers.map((e) => (
                <tr key={e.employerId}>
                  <th scope="row">
                    <Link to={`/council/employers/${e.employerId}`}>{e.name}</Link>
                  </th>
                  <td>{e.sector}</td>
                  <td>{e.county ?? ""}</td>
                  <td>{e.workers}</td>
                  <td>{e.trained}</td>
                  <td>{e.rate}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
