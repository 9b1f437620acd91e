import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { modulesForRole } from "#app/domain/content-schema.ts";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { certificatePath } from "#app/domain/public-urls.ts";
import type { ComplianceStatus } from "#app/domain/compliance.ts";
import { certificateStatus } from "#app/domain/expiry.ts";
import { summarizeProgress } from "#app/domain/progress.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { listCertificatesForUser } from "#app/models/certificate.server.ts";
import { getStatusesOf } from "#app/models/compliance.server.ts";
import { courseFit, getCourse, getRuleFor, localizeCourse, roleLabel } from "#app/server/content.server.ts";
import { useLang, useT } from "#app/components/i18n.tsx";
import { ruleName } from "#app/components/council-labels.ts";
import { KeepTogether } from "#app/components/keep-together.tsx";
import { formatPercent } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { getModuleStates } from "#app/models/progress.server.ts";
import { quizGate } from "#app/models/quiz.server.ts";
import { requireWorker } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["worker.learn", "worker.card"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, employment, employer, course: english } = await requireWorker(request);
  const { lang, t } = await getT(request, "worker");
  const course = localizeCourse(english, lang);
  const modules = modulesForRole(course, employment.jobRole);
  const states = getModuleStates(user.id, course.id);
  const progress = summarizeProgress(modules, states);
  const at = now();
  const own = listCertificatesForUser(user.id);
  const rule = getRuleFor(employer);
  const gate = quizGate(user.id, employment, course.id, at);
  // The worker's own deadline under their employer's law: the status the employer sees.
  const status = rule ? (getStatusesOf([employment.id], at).get(employment.id) ?? null) : null;
  const certificates = own.map((c) => ({
    code: formatCertificateCode(c.code),
    courseId: c.courseId,
    courseTitle: c.courseId === course.id ? course.title : (localizeCourse(getCourse(c.courseId) ?? course, lang).title ?? c.courseTitle),
    employerName: c.employerName,
    expiresOn: c.expiresOn,
    status: certificateStatus(c, at),
  }));
  return {
    pageTitle: t("learn.metaTitle"),
    name: user.name,
    employer: employer.name,
    role: roleLabel(employment.jobRole, lang),
    course: { id: course.id, title: course.title, summary: course.summary },
    minutes: modules.reduce((s, m) => s + m.minutes, 0),
    modules: modules.map((m) => ({
      id: m.id,
      title: m.title,
      minutes: m.minutes,
      state: states.get(m.id)?.completedAt != null ? "done" : states.has(m.id) ? "started" : "new",
    })),
    progress: { completed: progress.completed, total: progress.total, percent: progress.percent, next: progress.next?.id ?? null },
    quizOpen: progress.allComplete,
    certificates,
    deadline: status && status.kind !== "not-covered" ? { status, law: ruleName(t, rule!.policy.jurisdiction, rule!.policy.sector) } : null,
    // The worker's law needs a course this one is not (an approved or the state's own): say so, so a pass here is not mistaken for meeting it.
    notAlone: rule && status && status.kind !== "not-covered" && !courseFit(rule.policy.id, employment.jobRole).meets ? { law: ruleName(t, rule.policy.jurisdiction, rule.policy.sector), by: rule.policy.approval.value?.by ?? null } : null,
    hasValid: gate.held !== undefined,
    // The day the certificate now held was earned: the quiz row says "Passed" with it.
    passedOn: gate.held ? toIsoDate(gate.held.issuedAt) : null,
    // The valid certificate is near its end, or the law asks for training again: the quiz is open to renew it.
    renewable: gate.held !== undefined && gate.open,
  };
}

/** What the law asks of this worker, in one sentence. */
function DeadlineNotice({ deadline }: { deadline: { status: ComplianceStatus; law: string } }) {
  const t = useT("worker");
  const s = deadline.status;
  const law = deadline.law;
  switch (s.kind) {
    case "due":
      return <p className="notice"><KeepTogether text={s.dueDate === null ? t("learn.deadline.dueNoDate", { law }) : t("learn.deadline.due", { date: s.dueDate, law })} /></p>;
    case "overdue":
      return <p className="notice warn"><KeepTogether text={t("learn.deadline.overdue", { date: s.dueDate, law })} /></p>;
    case "expired":
      return <p className="notice warn"><KeepTogether text={t("learn.deadline.expired", { date: s.expiredOn, law })} /></p>;
    case "expiring":
      return <p className="notice"><KeepTogether text={t("learn.deadline.expiring", { date: s.validUntil, law })} /></p>;
    case "compliant":
      return <p className="notice ok"><KeepTogether text={s.validUntil ? t("learn.deadline.compliantUntil", { date: s.validUntil }) : t("learn.deadline.compliant")} /></p>;
    default:
      return null;
  }
}

export default function Learn() {
  const d = useLoaderData<typeof loader>();
  const t = useT("worker");
  const lang = useLang();
  return (
    <>
      <h1>{t("learn.hello", { name: d.name })}</h1>
      <p className="meta">
        {d.employer} · {d.role}
      </p>
      {d.deadline ? <DeadlineNotice deadline={d.deadline} /> : null}
      {d.notAlone ? <p className="meta">{d.notAlone.by ? t("learn.notAloneBy", { law: d.notAlone.law, by: d.notAlone.by }) : t("learn.notAlone", { law: d.notAlone.law })}</p> : null}
      {d.certificates.length > 0 ? (
        <section className="card">
          <h2>{t("learn.certificates")}</h2>
          <ul>
            {d.certificates.map((c) => (
              <li key={c.code}>
                <Link to={certificatePath(c.code)}>
                  {c.courseTitle} — <span className="code">{c.code}</span>
                </Link>{" "}
                <span className={`badge ${c.status}`}>{t(`learn.certStatus.${c.status}`)}</span>{" "}
                <span className="meta nowrap">{t("learn.until", { date: c.expiresOn })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>{d.course.title}</h2>
        <p>{d.course.summary}</p>
        <p className="meta">{t("learn.courseFacts", { count: d.modules.length, minutes: d.minutes })}</p>
        {/* A native <progress>: no inline style, which the Content-Security-Policy forbids. */}
        <progress className="progress" aria-label={t("learn.progressLabel")} max={d.progress.total} value={d.progress.completed} />
        <p>{t("learn.progress", { completed: d.progress.completed, count: d.progress.total, percent: formatPercent(d.progress.percent, lang) })}</p>
        <div className="actions">
          {d.progress.next ? (
            <Link className="button" to={`/learn/${d.course.id}/${d.progress.next}`}>
              {d.progress.completed === 0 ? t("learn.start") : t("learn.resume")}
            </Link>
          ) : d.hasValid ? (
            <span className="notice ok">
              {t("learn.passed")}{" "}
              <a href="/learn/card.pdf?lang=en" download lang="en" hrefLang="en" className="tap">
                English
              </a>{" "}
              ·{" "}
              <a href="/learn/card.pdf?lang=es" download lang="es" hrefLang="es" className="tap">
                español
              </a>
              <CardLinks />
              {d.renewable ? (
                <>
                  {" "}
                  <Link className="button" to={`/learn/${d.course.id}/quiz`}>
                    {t("learn.renew")}
                  </Link>
                </>
              ) : null}
            </span>
          ) : (
            <Link className="button" to={`/learn/${d.course.id}/quiz`}>
              {t("learn.takeQuiz")}
            </Link>
          )}
        </div>
        <h3>{t("learn.parts")}</h3>
        <ol className="module-list">
          {d.modules.map((m) => (
            <li key={m.id}>
              <Link to={`/learn/${d.course.id}/${m.id}`}>{m.title}</Link>
              <span className={`status ${m.state === "done" ? "done" : ""}`}>
                {t(`learn.moduleState.${m.state}`)} · {t("learn.minutes", { minutes: m.minutes })}
              </span>
            </li>
          ))}
          <li>
            <span>
              {d.quizOpen ? <Link to={`/learn/${d.course.id}/quiz`}>{t("learn.quiz")}</Link> : t("learn.quiz")}
              {/* The day it was passed under the name, so the short status keeps the row narrow. */}
              {d.passedOn ? (
                <>
                  <br />
                  <span className="meta">{t("learn.quizPassedOn", { date: d.passedOn })}</span>
                </>
              ) : null}
            </span>
            <span className={`status ${d.passedOn ? "done" : ""}`}>{d.passedOn ? t("learn.quizPassed") : d.quizOpen ? t("learn.quizOpen") : t("learn.quizClosed")}</span>
          </li>
        </ol>
      </section>
    </>
  );
}

/** The red-flags card in pocket size and as a phone image, in either language (ADR 029). */
function CardLinks() {
  const t = useT("worker");
  const links = (href: string) => (
    <>
      <a className="tap" href={`${href}lang=en`} download lang="en" hrefLang="en">
        English
      </a>{" "}
      ·{" "}
      <a className="tap" href={`${href}lang=es`} download lang="es" hrefLang="es">
        español
      </a>
    </>
  );
  return (
    <span className="card-formats">
      <span>
        {t("card.walletLabel")} {links("/learn/card.pdf?format=wallet&")}
      </span>{" "}
      <span>
        {t("card.phoneLabel")} {links("/learn/card.png?")}
      </span>
    </span>
  );
}
