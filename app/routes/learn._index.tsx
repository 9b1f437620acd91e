import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { modulesForRole } from "#app/domain/content-schema.ts";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { complianceStatus, type ComplianceStatus } from "#app/domain/compliance.ts";
import { certificateStatus, toIsoDate } from "#app/domain/expiry.ts";
import { summarizeProgress } from "#app/domain/progress.ts";
import { listCertificatesForUser } from "#app/models/certificate.server.ts";
import { getRole, getRuleFor } from "#app/models/content.server.ts";
import { getModuleStates } from "#app/models/progress.server.ts";
import { requireWorker } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";

export const meta: MetaFunction = () => [{ title: "Your training · Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, employment, employer, course } = await requireWorker(request);
  const modules = modulesForRole(course, employment.jobRole);
  const states = getModuleStates(user.id, course.id);
  const progress = summarizeProgress(modules, states);
  const at = now();
  const own = listCertificatesForUser(user.id);
  const rule = getRuleFor(employer);
  // The worker's own deadline under their employer's law, computed as the employer sees it.
  const status = rule
    ? complianceStatus({
        rule: rule.policy,
        jobRole: employment.jobRole,
        hireDate: employment.hireDate,
        terminationDate: null,
        employerId: employer.id,
        completions: own.map((c) => ({ certificateId: c.id, code: c.code, completedOn: toIsoDate(new Date(c.issuedAt)), employerId: c.employerId, revoked: c.revokedAt !== null })),
        today: toIsoDate(at),
      })
    : null;
  const certificates = own.map((c) => ({
    code: formatCertificateCode(c.code),
    courseId: c.courseId,
    courseTitle: c.courseTitle,
    employerName: c.employerName,
    expiresOn: c.expiresOn,
    status: certificateStatus(c, at),
  }));
  return {
    name: user.name,
    employer: employer.name,
    role: getRole(employment.jobRole)?.label ?? employment.jobRole,
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
    deadline: status && status.kind !== "not-covered" ? { status, law: rule!.policy.title.split(" — ")[0] ?? rule!.policy.title } : null,
    hasValid: certificates.some((c) => c.status === "valid" && c.courseId === course.id),
  };
}

const STATE_LABEL = { done: "Done", started: "Started", new: "Not started" } as const;

/** What the law asks of this worker, in one sentence. */
function DeadlineNotice({ deadline }: { deadline: { status: ComplianceStatus; law: string } }) {
  const s = deadline.status;
  switch (s.kind) {
    case "due":
      return <p className="notice">Please finish this training by {s.dueDate} ({deadline.law}).</p>;
    case "overdue":
      return <p className="notice warn">This training was due on {s.dueDate} ({deadline.law}). Please finish it as soon as you can.</p>;
    case "expired":
      return <p className="notice warn">Your training needs renewing: it lapsed on {s.expiredOn} ({deadline.law}).</p>;
    case "expiring":
      return <p className="notice">Your training is up to date until {s.validUntil}, which is soon ({deadline.law} asks for it again then).</p>;
    case "compliant":
      return <p className="notice ok">Your training is up to date{s.validUntil ? ` until ${s.validUntil}` : ""}.</p>;
    default:
      return null;
  }
}

export default function Learn() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Hello, {d.name}</h1>
      <p className="meta">
        {d.employer} · {d.role}
      </p>
      {d.deadline ? <DeadlineNotice deadline={d.deadline} /> : null}
      {d.certificates.length > 0 ? (
        <section className="card">
          <h2>Your certificates</h2>
          <ul>
            {d.certificates.map((c) => (
              <li key={c.code}>
                <Link to={`/certificates/${c.code}`}>
                  {c.courseTitle} — <span className="code">{c.code}</span>
                </Link>{" "}
                <span className={`badge ${c.status}`}>{c.status}</span> <span className="meta">until {c.expiresOn}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>{d.course.title}</h2>
        <p>{d.course.summary}</p>
        <p className="meta">
          {d.modules.length} parts · about {d.minutes} minutes · then a short quiz
        </p>
        {/* A native <progress>: no inline style, which the Content-Security-Policy forbids. */}
        <progress className="progress" aria-label="Course progress" max={d.progress.total} value={d.progress.completed} />
        <p>
          {d.progress.completed} of {d.progress.total} parts done ({d.progress.percent}%)
        </p>
        <div className="actions">
          {d.progress.next ? (
            <Link className="button" to={`/learn/${d.course.id}/${d.progress.next}`}>
              {d.progress.completed === 0 ? "Start the course" : "Continue where you left off"}
            </Link>
          ) : d.hasValid ? (
            <span className="notice ok">
              You passed. Your certificate is above. Your red-flags card:{" "}
              <a href="/learn/card.pdf" download>
                English
              </a>{" "}
              ·{" "}
              <a href="/learn/card.pdf?lang=es" download lang="es" hrefLang="es">
                español
              </a>
            </span>
          ) : (
            <Link className="button" to={`/learn/${d.course.id}/quiz`}>
              Take the quiz
            </Link>
          )}
        </div>
        <h3>Parts of the course</h3>
        <ol className="module-list">
          {d.modules.map((m) => (
            <li key={m.id}>
              <Link to={`/learn/${d.course.id}/${m.id}`}>{m.title}</Link>
              <span className={`status ${m.state === "done" ? "done" : ""}`}>
                {STATE_LABEL[m.state as keyof typeof STATE_LABEL]} · {m.minutes} min
              </span>
            </li>
          ))}
          <li>
            {d.quizOpen ? <Link to={`/learn/${d.course.id}/quiz`}>Quiz</Link> : <span>Quiz</span>}
            <span className="status">{d.quizOpen ? "Open" : "Opens when every part is done"}</span>
          </li>
        </ol>
      </section>
    </>
  );
}
