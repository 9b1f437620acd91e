import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { getCertificateByAttempt } from "#app/models/certificate.server.ts";
import { getAttemptForUser } from "#app/models/quiz.server.ts";
import { requireWorker } from "#app/utils/auth.server.ts";

export const meta: MetaFunction = () => [{ title: "Quiz result · Frontline Ready" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireWorker(request);
  const found = params.attemptId ? getAttemptForUser(params.attemptId, user.id) : undefined;
  if (!found || found.attempt.courseId !== params.courseId || found.attempt.courseId !== course.id) {
    throw data("We could not find that quiz result.", { status: 404 });
  }
  const { attempt, answers } = found;
  if (attempt.status !== "graded") throw data("This quiz has not been submitted yet.", { status: 404 });
  const byId = new Map(course.questions.map((q) => [q.id, q]));
  const sources = new Map(course.sources.map((s) => [s.id, s]));
  const answerById = new Map(answers.map((a) => [a.questionId, a]));
  const certificate = getCertificateByAttempt(attempt.id);
  return {
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
        prompt: q?.prompt ?? "(This question has since been removed from the course.)",
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
  return (
    <>
      <p className="meta">
        <Link to="/learn">{d.courseTitle}</Link> · Quiz result
      </p>
      <h1>{d.passed ? "You passed" : "Not passed yet"}</h1>
      <p className={`notice ${d.passed ? "ok" : "warn"}`}>
        You answered {d.correct} of {d.total} questions correctly ({d.score}%). You need {d.passMark}% to pass.
      </p>
      <div className="actions">
        {d.certificate ? (
          <Link className="button" to={`/certificates/${d.certificate}`}>
            See your certificate
          </Link>
        ) : (
          <Link className="button" to={`/learn/${d.courseId}/quiz`}>
            Try the quiz again
          </Link>
        )}
        <Link to="/learn">Review the course</Link>
      </div>
      <h2>Your answers</h2>
      <ol className="results">
        {d.questions.map((q, i) => (
          <li key={q.id} className="question">
            <p>
              <strong>
                {i + 1}. {q.prompt}
              </strong>
            </p>
            <p>
              Your answer: {q.yourAnswers.join("; ") || "none"} —{" "}
              <span className={q.correct ? "result-right" : "result-wrong"}>{q.correct ? "correct" : "not correct"}</span>
            </p>
            <p>{q.explanation}</p>
            {q.sources.length > 0 ? (
              <p className="sources">
                Source:{" "}
                {q.sources.map((s, i) => (
                  <span key={s.url}>
                    {i > 0 ? "; " : ""}
                    <a href={s.url} rel="noopener noreferrer">
                      {s.title}
                    </a>
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
