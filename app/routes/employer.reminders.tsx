import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { useT } from "#app/components/i18n.tsx";
import { toIsoDate } from "#app/domain/dates.ts";
import { isOverdue } from "#app/domain/reminders.ts";
import { formatDate, formatDateTime, timeZoneOf } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { closedAsNoLongerApplying, listOutbox, reminderCandidates, sendRemindersNow } from "#app/models/reminders.server.ts";
import { monthlyReportWanted, setMonthlyReport } from "#app/models/monthly-report.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { readForm } from "#app/utils/forms.server.ts";
import { usableEmail } from "#app/domain/reminders.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** Rows of "who will be reminded" shown; the count covers them all. */
const SHOWN = 200;

/** Who would be reminded and when, the employer's outbox (sent, waiting, failed), and the admin's monthly report. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t, lang } = await getT(request, "employer");
  // Times in the employer's own time zone, named (ADR 025).
  const when = (ms: number | null) => (ms === null ? "" : formatDateTime(ms, lang, timeZoneOf(employer.jurisdiction)));
  const t0 = now();
  const { today, candidates } = reminderCandidates(employer, t0);
  return {
    pageTitle: t("reminders.metaTitle"),
    smtp: Boolean(getEnv().SMTP_URL),
    candidateCount: candidates.length,
    overdue: candidates.filter((c) => c.next.on === today && isOverdue(c.next.kind) && c.email !== null).length,
    candidates: candidates.slice(0, SHOWN).map((c) => ({
      id: c.employmentId,
      name: c.fullName,
      email: c.email,
      what: t(`reminders.what.${c.next.kind}`, { date: formatDate(c.next.date, lang) }),
      today: c.next.on <= today,
      on: formatDate(c.next.on, lang),
      sent: c.sentAt === null ? null : formatDate(toIsoDate(c.sentAt), lang),
    })),
    monthly: { hasEmail: usableEmail(admin.email) !== null, on: monthlyReportWanted(admin.id) },
    rows: listOutbox(employer.id, 200).map((r) => ({
      id: r.id,
      kind: r.kind === "admin-digest" ? t("reminders.kind.digest") : r.kind === "monthly-report" ? t("reminders.kind.monthly") : t("reminders.kind.reminder"),
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

const Input = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send-one"), employmentId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("send-overdue") }),
  z.object({ intent: z.literal("monthly"), monthly: z.enum(["on", "off"]) }),
]);

type Result = { errors?: Record<string, string>; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const form = await readForm(request);
  const input = Input.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  if (!input.success) return data<Result>({ errors: { form: t("errors.unknownAction") } }, { status: 400 });
  if (input.data.intent === "monthly") {
    if (usableEmail(admin.email) === null) return data<Result>({ errors: { form: t("reminders.monthly.noEmail") } }, { status: 409 });
    setMonthlyReport({ admin, on: input.data.monthly === "on", clientAddress: clientAddress(context) }, now());
    return { done: t(input.data.monthly === "on" ? "reminders.monthly.turnedOn" : "reminders.monthly.turnedOff") } satisfies Result;
  }
  const filter = input.data.intent === "send-one" ? { employmentId: input.data.employmentId } : { overdue: true as const };
  const r = await sendRemindersNow(employer, filter, now(), publicOrigin());
  if (!r.ok) return data<Result>({ errors: { form: t("reminders.nothingToSend") } }, { status: 409 });
  const parts = [
    r.sent > 0 ? t("reminders.result.sent", { count: r.sent }) : null,
    r.held > 0 ? t("reminders.result.held", { count: r.held }) : null,
    r.failed > 0 ? t("reminders.result.failed", { count: r.failed }) : null,
    r.alreadyToday > 0 ? t("reminders.result.alreadyToday", { count: r.alreadyToday }) : null,
    r.waiting > 0 ? t("reminders.result.waiting", { count: r.waiting }) : null,
    r.noEmail > 0 ? t("reminders.result.noEmail", { count: r.noEmail }) : null,
  ].filter((p): p is string => p !== null);
  return { done: parts.join(" ") } satisfies Result;
}

export default function Reminders() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as Result | undefined;
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer">{t("nav.dashboard")}</Link>
      </p>
      <h1>{t("reminders.title")}</h1>
      <p>{t("reminders.intro")}</p>
      {d.smtp ? null : <p className="notice warn">{t("reminders.noSmtp")}</p>}
      <ActionFeedback errors={a?.errors} done={a?.done} />

      <h2>{t("reminders.whoTitle")}</h2>
      {d.candidates.length === 0 ? (
        <p>{t("reminders.nobody")}</p>
      ) : (
        <>
          <p>{t("reminders.whoCount", { count: d.candidateCount })}</p>
          {d.overdue > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="send-overdue" />
              <button type="submit" className="primary">
                {t("reminders.sendOverdue", { count: d.overdue })}
              </button>
            </Form>
          ) : null}
          <TableWrap label={t("reminders.whoTitle")} keepWords>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("reminders.col.worker")}</th>
                  <th scope="col">{t("reminders.col.reminder")}</th>
                </tr>
              </thead>
              <tbody>
                {d.candidates.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/employer/workers/${c.id}`}>{c.name}</Link>
                      <br />
                      <span className="meta">{c.email ?? t("reminders.noEmail")}</span>
                    </th>
                    <td>
                      {c.what}
                      <br />
                      <strong>{c.sent ? t("reminders.sentOn", { date: c.sent }) : c.today ? t("reminders.today") : t("reminders.onDay", { date: c.on })}</strong>{" "}
                      {c.today && c.email ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="send-one" />
                          <input type="hidden" name="employmentId" value={c.id} />
                          <button type="submit" className="button secondary" aria-label={t("reminders.sendOneTo", { name: c.name })}>
                            {c.sent ? t("reminders.sendAgain") : t("reminders.sendNow")}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {d.candidateCount > d.candidates.length ? <p>{t("import.more", { count: d.candidateCount - d.candidates.length })}</p> : null}
        </>
      )}

      <h2>{t("reminders.monthly.title")}</h2>
      <p>{t("reminders.monthly.intro")}</p>
      {d.monthly.hasEmail ? (
        <Form method="post">
          <input type="hidden" name="intent" value="monthly" />
          <input type="hidden" name="monthly" value={d.monthly.on ? "off" : "on"} />
          <p>{d.monthly.on ? t("reminders.monthly.isOn") : t("reminders.monthly.isOff")}</p>
          <button type="submit" className="button secondary">
            {d.monthly.on ? t("reminders.monthly.turnOff") : t("reminders.monthly.turnOn")}
          </button>
        </Form>
      ) : (
        <p>{t("reminders.monthly.noEmail")}</p>
      )}

      <h2>{t("reminders.outboxTitle")}</h2>
      {d.rows.length === 0 ? (
        <p>{t("reminders.nothingYet")}</p>
      ) : (
        <TableWrap label={t("reminders.outboxTitle")} keepWords>
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
        </TableWrap>
      )}
    </section>
  );
}
