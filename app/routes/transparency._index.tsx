import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart } from "#app/components/charts.tsx";
import { SUPPRESS_BELOW } from "#app/domain/aggregates.ts";
import { transparencyRows } from "#app/models/council.server.ts";

export const meta: MetaFunction = () => [
  { title: "Transparency: anti-trafficking training rates · Frontline Ready" },
  { name: "description", content: "Share of covered hotel and transit workers holding a valid anti-trafficking training completion, by state, county and sector." },
];

/** Public, no sign-in: rates per jurisdiction by sector and county; cells under 5 workers withheld. */
export async function loader() {
  const rows = transparencyRows();
  const jurisdictions = [...new Set(rows.map((r) => r.jurisdiction))];
  return {
    threshold: SUPPRESS_BELOW,
    jurisdictions: jurisdictions.map((j) => ({
      id: j,
      sectors: rows.filter((r) => r.jurisdiction === j && r.kind === "sector"),
      counties: rows.filter((r) => r.jurisdiction === j && r.kind === "county"),
    })),
  };
}

export function headers() {
  return { "Cache-Control": "public, max-age=300" };
}

const toBars = (rows: { label: string; covered: number | null; compliant: number | null; rate: number | null; suppressed: boolean }[]) =>
  rows.map((r) => ({ label: r.label, rate: r.rate, covered: r.covered, compliant: r.compliant, suppressed: r.suppressed }));

export default function Transparency() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <h1>Anti-trafficking training: how many workers are trained</h1>
        <p>
          For each state with employers on Frontline Ready: the share of workers covered by the state's training law who hold a valid completion,
          by sector and by county. Counts only; no one is named. Groups of fewer than {d.threshold} covered workers are withheld so no one can be
          identified.
        </p>
        <p>
          Data: <a href="/transparency.csv">CSV</a> · <a href="/transparency.json">JSON</a>
        </p>
      </section>
      {d.jurisdictions.length === 0 ? <p>No data yet.</p> : null}
      {d.jurisdictions.map((j) => (
        <section className="card" key={j.id}>
          <h2>{j.id}</h2>
          <BarChart id={`${j.id}-sector`} title={`${j.id}: by sector`} description={`Training rate of covered workers in ${j.id}, by sector.`} labelHeader="Sector" rows={toBars(j.sectors)} />
          <BarChart id={`${j.id}-county`} title={`${j.id}: by county`} description={`Training rate of covered workers in ${j.id}, by county.`} labelHeader="County" rows={toBars(j.counties)} />
        </section>
      ))}
    </>
  );
}
