import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { statusLabel } from "#app/components/compliance.tsx";
import { getEmployerCompliance, STATUS_KINDS, summarize } from "#app/models/compliance.server.ts";
import { listSites } from "#app/models/employer.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.employer.name ?? "Employer"} · Frontline Ready` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const compliance = getEmployerCompliance(employer, now());
  const current = compliance.entries.filter((e) => !e.former);
  const sites = listSites(employer.id);
  const perSite = [...sites.map((s) => ({ id: s.id as string | null, name: s.name })), { id: null, name: "No site" }]
    .map((s) => ({ ...s, ...summarize(current.filter((e) => e.employment.siteId === s.id)) }))
    .filter((s) => s.id !== null || s.covered + s.counts["not-covered"] > 0);
  const rule = compliance.rule;
  return {
    employer: { name: employer.name, jurisdiction: employer.jurisdiction, sector: employer.sector },
    joinUrl: `${publicOrigin(request)}/join/${employer.joinCode}`,
    summary: summarize(current),
    former: compliance.entries.length - current.length,
    perSite,
    rule: rule
      ? {
          title: rule.policy.title,
          citation: rule.policy.citation,
          verified: rule.policy.verified,
          firstTrainingWithinDays: rule.policy.firstTrainingWithinDays,
          renewalMonths: rule.policy.renewalMonths,
          attestation: rule.policy.employerAttestation !== null,
        }
      : null,
    kinds: STATUS_KINDS.map((k) => ({ kind: k, label: statusLabel(k) })),
  };
}

export default function EmployerDashboard() {
  const d = useLoaderData<typeof loader>();
  const s = d.summary;
  return (
    <>
      <section className="card">
        <h1>{d.employer.name}</h1>
        {d.rule ? (
          <p>
            Rule: <strong>{d.rule.title}</strong> ({d.rule.citation}). First training within {d.rule.firstTrainingWithinDays} days of hire
            {d.rule.renewalMonths ? `, then every ${d.rule.renewalMonths} months` : ", no renewal"}.
            {d.rule.verified ? null : <span className="meta"> This rule has not yet been checked line by line against the statute.</span>}
          </p>
        ) : (
          <p className="notice warn">
            No training rule for {d.employer.jurisdiction} {d.employer.sector} is on file, so no one is counted as covered.
          </p>
        )}
        <p className="big-figure">
          {s.rate === null ? "No covered workers yet." : `${s.rate}% of ${s.covered} covered workers are compliant.`}
        </p>
        <ul className="stats">
          {d.kinds.map((k) => (
            <li key={k.kind}>
              <Link to={`/employer/roster?status=${k.kind}`}>
                <strong>{s.counts[k.kind]}</strong> {k.label}
              </Link>
            </li>
          ))}
        </ul>
        <p className="meta">
          {d.former} former {d.former === 1 ? "worker is" : "workers are"} kept on record.
        </p>
        <p className="actions">
          <Link className="button" to="/employer/roster">
            Roster
          </Link>
          <Link className="button secondary" to="/employer/workers/new">
            Add a worker
          </Link>
          <Link className="button secondary" to="/employer/import">
            Import a CSV
          </Link>
          <Link className="button secondary" to="/employer/sites">
            Sites and posters
          </Link>
          {d.rule?.attestation ? (
            <Link className="button secondary" to="/employer/attestations">
              Attestations
            </Link>
          ) : null}
          <Link className="button secondary" to="/employer/reminders">
            Reminders
          </Link>
        </p>
      </section>
      <section className="card">
        <h2>By site</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Site</th>
                <th scope="col">Covered</th>
                <th scope="col">Compliant</th>
                {d.kinds
                  .filter((k) => k.kind !== "compliant")
                  .map((k) => (
                    <th scope="col" key={k.kind}>
                      {k.label}
                    </th>
                  ))}
              </tr>
            </thead>
            <tbody>
              {d.perSite.map((site) => (
                <tr key={site.id ?? "none"}>
                  <th scope="row">{site.name}</th>
                  <td>{site.covered}</td>
                  <td>
                    {site.counts.compliant + site.counts.expiring} {site.rate === null ? "" : `(${site.rate}%)`}
                  </td>
                  {d.kinds
                    .filter((k) => k.kind !== "compliant")
                    .map((k) => (
                      <td key={k.kind}>{site.counts[k.kind]}</td>
                    ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>Records for an inspector</h2>
        <p>Current and former staff, every certificate and the compliance report, ready within minutes.</p>
        <ul>
          <li>
            <a href="/employer/audit-bundle.zip">Audit bundle (ZIP)</a>: roster, certificate PDFs, compliance report and a SHA-256 manifest
          </li>
          <li>
            <a href="/employer/report.pdf">Compliance report (PDF)</a>
          </li>
          <li>
            <a href="/employer/roster.csv">Roster (CSV)</a>
          </li>
        </ul>
        <p className="meta">
          Join link for workers without a site: <a href={d.joinUrl}>{d.joinUrl}</a>
        </p>
      </section>
    </>
  );
}
