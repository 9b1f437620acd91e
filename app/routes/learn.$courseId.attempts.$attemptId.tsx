import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { certificatePath } from "#app/domain/public-urls.ts";
import { getCertificateByAttempt } from "#app/models/certificate.server.ts";
import { getAttemptForUser } from "#app/models/quiz.server.ts";
import { requireWorker } from "#app/server/auth.server.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { localizeCourse } from "#app/server/content.server.ts";
import { useLang, useT } from "#app/components/i18n.tsx";
import { ReadAloud } from "#app/components/read-aloud.tsx";
import { SourceLink } from "#app/components/source-link.tsx";
import { formatPercent } from "#app/i18n/format.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["worker.result", "worker.readAloud"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course: english } = await requireWorker(request);
  const { lang, t } = await getT(request, "worker");
  const course = localizeCourse(english, lang);
  const found = params.attemptId ? getAttemptForUser(params.attemptId, user.id) : undefined;
  if (!found || found.attempt.courseId !== params.courseId || found.attempt.courseId !== course.id) {
    throw data(t("result.notFound"), { status: 404 });
  }
  const { attempt, answers } = found;
  if (attempt.status !== "graded") throw data(t("result.notSubmitted"), { status: 404 });
  const byId = new Map(course.questions.map((q) => [q.id, q]));
  const sources = new Map(course.sources.map((s) => [s.id, s]));
  const answerById = new Map(answers.map((a) => [a.questionId, a]));
  const certificate = getCertificateByAttempt(attempt.id);
  return {
    pageTitle: t("result.metaTitle"),
    courseId: course.id,
    courseTitle: course.title,
    passMark: course.passMark,
    passed: attempt.passed === true,
    score: attempt.score ?? 0,
    correct: attempt.correctCount ?? 0,
    total: attempt.questionCount,
    certificate: certificate ? formatCertificateCode(certificate.code) : null,
    questions: attempt.questions.map((aq) => {
      const q = byId.get(aq.questionId);
      const a = answerById.get(aq.questionId);
      const text = new Map(q?.choices.map((c) => [c.id, c.text]));
      return {
        id: aq.questionId,
        prompt: q?.prompt ?? t("result.removed"),
        yourAnswers: (a?.choiceIds ?? []).map((id) => text.get(id) ?? id),
        correct: a?.correct ?? false,
        explanation: q?.explanation ?? "",
        sources: (q?.sources ?? []).map((id) => sources.get(id)).filter((s) => s !== undefined).map((s) => ({ title: s.title, url: s.url })),
      };
    }),
  };
}

export default function AttemptResult() {
  const d = useLoaderData<typeof loader>();
  const t = useT("worker");
  const lang = useLang();
  return (
    <>
      <p className="meta">
        <Link to="/learn">{d.courseTitle}</Link> · {t("result.title")}
      </p>
      <h1>{d.passed ? t("result.passed") : t("result.notPassed")}</h1>
      <p className={`notice ${d.passed ? "ok" : "warn"}`}>
        {t("result.score", { correct: d.correct, total: d.total, score: formatPercent(d.score, lang), passMark: formatPercent(d.passMark, lang) })}
      </p>
      <div className="actions">
        {d.certificate ? (
          <Link className="button" to={certificatePath(d.certificate)}>
            {t("result.seeCertificate")}
          </Link>
        ) : (
          <Link className="button" to={`/learn/${d.courseId}/quiz`}>
            {t("result.tryAgain")}
          </Link>
        )}
        <Link to="/learn">{t("result.review")}</Link>
      </div>
      <h2>{t("result.yourAnswers")}</h2>
      <ReadAloud rootId="results" nextLabel={t("readAloud.nextAnswer")} />
      <ol className="results" id="results">
        {d.questions.map((q, i) => (
          <li key={q.id} className="question" data-read-aloud="">
            <p>
              <strong>
                {i + 1}. {q.prompt}
              </strong>
            </p>
            <p>
              {t("result.yourAnswer", { answer: q.yourAnswers.join("; ") || t("result.none") })} —{" "}
              <span className={q.correct ? "result-right" : "result-wrong"}>{q.correct ? t("result.correct") : t("result.wrong")}</span>
            </p>
            <p>{q.explanation}</p>
            {q.sources.length > 0 ? (
              <p className="sources" data-read-skip="">
                {t("result.source")}{" "}
                {q.sources.map((s, i) => (
                  <span key={s.url}>
                    {i > 0 ? "; " : ""}
                    <SourceLink url={s.url}>{s.title}</SourceLink>
                  </span>
                ))}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}
