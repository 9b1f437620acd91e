import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { getRole } from "#app/models/content.server.ts";
import { getEmployer } from "#app/models/employer.server.ts";
import { listRoster } from "#app/models/roster.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.employer.name ?? "Employer"} · Frontline Ready` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireEmployerAdmin(request, params.employerId);
  const employer = getEmployer(params.employerId!);
  if (!employer) throw data("No such employer.", { status: 404 });
  const roster = listRoster(employer.id, now());
  const current = roster.filter((r) => r.endedAt === null);
  return {
    employer: { id: employer.id, name: employer.name, jurisdiction: employer.jurisdiction, sector: employer.sector },
    joinUrl: `${publicOrigin(request)}/join/${employer.joinCode}`,
    counts: {
      current: current.length,
      certified: current.filter((r) => r.certificate?.status === "valid").length,
      former: roster.length - current.length,
    },
    roster: roster.map((r) => ({
      ...r,
      role: getRole(r.jobRole)?.label ?? r.jobRole,
      started: new Date(r.startedAt).toISOString().slice(0, 10),
      ended: r.endedAt === null ? null : new Date(r.endedAt).toISOString().slice(0, 10),
      certificate: r.certificate ? { ...r.certificate, code: formatCertificateCode(r.certificate.code) } : null,
    })),
  };
}

export default function EmployerHome() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <h1>{d.employer.name}</h1>
        <p>
          {d.counts.current} current workers, {d.counts.certified} with a valid certificate. {d.counts.former} former workers kept
          on record.
        </p>
        <p>
          Join link for new workers: <a href={d.joinUrl}>{d.joinUrl}</a>
        </p>
      </section>
      <section className="card">
        <h2>Workers</h2>
        {d.roster.length === 0 ? (
          <p>No one has joined yet. Share the join link above.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Workers of {d.employer.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Started</th>
                  <th scope="col">Certificate</th>
                </tr>
              </thead>
              <tbody>
                {d.roster.map((r) => (
                  <tr key={r.userId}>
                    <th scope="row">
                      <Link to={`/employers/${d.employer.id}/workers/${r.userId}`}>{r.name}</Link>
                      {r.ended ? <span className="meta"> (left {r.ended})</span> : null}
                    </th>
                    <td>{r.role}</td>
                    <td>{r.started}</td>
                    <td>
                      {r.certificate ? (
                        <>
                          <span className={`badge ${r.certificate.status}`}>{r.certificate.status}</span>{" "}
                          <span className="meta">until {r.certificate.expiresOn}</span>
                        </>
                      ) : (
                        <span className="meta">none yet</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
