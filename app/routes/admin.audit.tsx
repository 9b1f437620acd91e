import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAudit, verifyAuditChain } from "#app/models/audit.server.ts";
import { requirePlatformAdmin } from "#app/utils/auth.server.ts";

export const meta: MetaFunction = () => [{ title: "Audit log · Platform administration" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const chain = verifyAuditChain();
  return {
    chain: chain.ok ? { ok: true, text: `Intact: ${chain.rows} rows, head ${chain.headHash.slice(0, 16)}…` } : { ok: false, text: chain.message },
    rows: listAudit({ limit: 200 }).map((r) => ({
      seq: r.seq,
      at: new Date(r.at).toISOString().replace("T", " ").slice(0, 19),
      action: r.action,
      actor: r.actorKind ? `${r.actorKind} ${r.actorId?.slice(0, 8)}` : "anonymous",
      target: r.targetType ? `${r.targetType} ${r.targetId?.slice(0, 8)}` : "",
      address: r.clientAddress ?? "",
      detail: r.detail === "{}" ? "" : r.detail,
    })),
  };
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <p>
        <Link to="/admin">← Platform administration</Link>
      </p>
      <h1>Audit log</h1>
      <p className={d.chain.ok ? "notice ok" : "notice warn"}>Hash chain: {d.chain.text}</p>
      <p className="meta">The newest 200 events. The full log is checked with npm run audit:verify.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Event</th>
              <th scope="col">Actor</th>
              <th scope="col">Target</th>
              <th scope="col">Address</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.seq}>
                <td>{r.seq}</td>
                <td>{r.at}</td>
                <td>{r.action}</td>
                <td>{r.actor}</td>
                <td>{r.target}</td>
                <td>{r.address}</td>
                <td className="detail">{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
