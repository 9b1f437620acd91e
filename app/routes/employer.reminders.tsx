import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listOutbox } from "#app/models/reminders.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { getEnv } from "#app/utils/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Reminders · Frontline Ready" }];

const when = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString().slice(0, 16).replace("T", " "));

/** The employer's outbox: what was sent, what waits, and what would be sent without SMTP. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  return {
    smtp: Boolean(getEnv().SMTP_URL),
    rows: listOutbox(employer.id, 200).map((r) => ({
      id: r.id,
      kind: r.kind === "admin-digest" ? "Digest to admin" : "Reminder to worker",
      to: r.toAddress,
      subject: r.subject,
      body: r.body,
      created: when(r.createdAt),
      status: r.status,
      sent: when(r.sentAt),
      attempts: r.attempts,
      lastError: r.lastError,
    })),
  };
}

export default function Reminders() {
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <p>
        <Link to="/employer">← Dashboard</Link>
      </p>
      <h1>Reminders</h1>
      <p>
        Every day, workers whose training is due within 14 days, overdue, or expiring within 60 days get an email, once per deadline; you get a digest.
        Workers without an email address on the roster or their account get none: remind them in person.
      </p>
      {d.smtp ? null : (
        <p className="notice warn">Email sending is not set up (SMTP_URL), so nothing is sent: this list shows what would be sent.</p>
      )}
      {d.rows.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Queued (UTC)</th>
                <th scope="col">To</th>
                <th scope="col">Message</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.created}</td>
                  <td>
                    {r.to}
                    <br />
                    <span className="meta">{r.kind}</span>
                  </td>
                  <td>
                    <details>
                      <summary>{r.subject}</summary>
                      <pre className="mail">{r.body}</pre>
                    </details>
                  </td>
                  <td>
                    {r.status === "sent" ? `sent ${r.sent}` : r.status === "failed" ? `failed after ${r.attempts} tries: ${r.lastError ?? ""}` : d.smtp ? `waiting (${r.attempts} tries)` : "not sent (no SMTP)"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
