import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/components/i18n.tsx";
import { formatDateTime, timeZoneOf } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { closedAsNoLongerApplying, listOutbox } from "#app/models/reminders.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];


/** The employer's outbox: what was sent, what waits, and what would be sent without SMTP. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const { lang, t } = await getT(request, "employer");
  // Times in the employer's own time zone, named (ADR 034).
  const when = (ms: number | null) => (ms === null ? "" : formatDateTime(ms, lang, timeZoneOf(employer.jurisdiction)));
  return {
    pageTitle: t("reminders.metaTitle"),
    smtp: Boolean(getEnv().SMTP_URL),
    rows: listOutbox(employer.id, 200).map((r) => ({
      id: r.id,
      kind: r.kind === "admin-digest" ? t("reminders.kind.digest") : t("reminders.kind.reminder"),
      to: r.toAddress,
      subject: r.subject,
      body: r.body,
      created: when(r.createdAt),
      status: closedAsNoLongerApplying(r) ? ("closed" as const) : r.status,
      sent: when(r.sentAt),
      attempts: r.attempts,
      lastError: r.lastError,
    })),
  };
}

export default function Reminders() {
  const d = useLoaderData<typeof loader>();
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer">{t("nav.dashboard")}</Link>
      </p>
      <h1>{t("reminders.title")}</h1>
      <p>{t("reminders.intro")}</p>
      {d.smtp ? null : (
        <p className="notice warn">{t("reminders.noSmtp")}</p>
      )}
      {d.rows.length === 0 ? (
        <p>{t("reminders.nothingYet")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("reminders.col.queued")}</th>
                <th scope="col">{t("reminders.col.to")}</th>
                <th scope="col">{t("reminders.col.message")}</th>
                <th scope="col">{t("reminders.col.status")}</th>
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
                    {r.status === "sent"
                      ? t("reminders.sent", { date: r.sent })
                      : r.status === "closed"
                        ? t("reminders.noLongerApplies")
                        : r.status === "failed"
                          ? t("reminders.failed", { count: r.attempts, error: r.lastError ?? "" })
                          : d.smtp
                            ? t("reminders.waiting", { count: r.attempts })
                            : t("reminders.notSent")}
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
